package io.kiipush.emulator;

/**
 * A registered thing and a fresh access token.
 *
 * @param thingId Kii thing ID ({@code th.…})
 * @param vendorThingId vendor thing ID
 * @param accessToken bearer token for the thing
 */
public record ThingInfo(String thingId, String vendorThingId, String accessToken) {

    @Override
    public String toString() {
        return "ThingInfo[thingId=" + thingId + " vendorThingId=" + vendorThingId + "]";
    }
}
