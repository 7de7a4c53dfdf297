package org.eclipse.kura.message;

import java.util.Date;

/**
 * Declaration of Kura's {@code KuraPosition} (the type of {@link KuraPayload#getPosition()}): same constructor and
 * accessors as Kura 5.0's class.
 */
public class KuraPosition {

    private Double longitude;
    private Double latitude;
    private Double altitude;
    private Double precision;
    private Double heading;
    private Double speed;
    private Date timestamp;
    private Integer satellites;
    private Integer status;

    /** An empty position. */
    public KuraPosition() {
    }

    /** @return the longitude, or {@code null} */
    public Double getLongitude() {
        return this.longitude;
    }

    /** @param longitude the longitude */
    public void setLongitude(double longitude) {
        this.longitude = longitude;
    }

    /** @return the latitude, or {@code null} */
    public Double getLatitude() {
        return this.latitude;
    }

    /** @param latitude the latitude */
    public void setLatitude(double latitude) {
        this.latitude = latitude;
    }

    /** @return the altitude, or {@code null} */
    public Double getAltitude() {
        return this.altitude;
    }

    /** @param altitude the altitude */
    public void setAltitude(double altitude) {
        this.altitude = altitude;
    }

    /** @return the precision, or {@code null} */
    public Double getPrecision() {
        return this.precision;
    }

    /** @param precision the precision */
    public void setPrecision(double precision) {
        this.precision = precision;
    }

    /** @return the heading, or {@code null} */
    public Double getHeading() {
        return this.heading;
    }

    /** @param heading the heading */
    public void setHeading(double heading) {
        this.heading = heading;
    }

    /** @return the speed, or {@code null} */
    public Double getSpeed() {
        return this.speed;
    }

    /** @param speed the speed */
    public void setSpeed(double speed) {
        this.speed = speed;
    }

    /** @return the timestamp, or {@code null} */
    public Date getTimestamp() {
        return this.timestamp;
    }

    /** @param timestamp the timestamp */
    public void setTimestamp(Date timestamp) {
        this.timestamp = timestamp;
    }

    /** @return the satellites, or {@code null} */
    public Integer getSatellites() {
        return this.satellites;
    }

    /** @param satellites the satellites */
    public void setSatellites(int satellites) {
        this.satellites = satellites;
    }

    /** @return the status, or {@code null} */
    public Integer getStatus() {
        return this.status;
    }

    /** @param status the status */
    public void setStatus(int status) {
        this.status = status;
    }
}
