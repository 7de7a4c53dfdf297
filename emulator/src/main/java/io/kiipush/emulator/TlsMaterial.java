package io.kiipush.emulator;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import io.kiipush.emulator.internal.util.Pem;

/**
 * The emulator's TLS identity: a self-signed CA and a server certificate it signed. The server certificate's SAN
 * always covers {@code localhost}, {@code 127.0.0.1} and {@code ::1}, plus any extra host names or IPs given.
 * <p>
 * Generate once and pass the same instance to several emulators ({@link KiiEmulator.Builder#tls(TlsMaterial)}) when
 * clients must keep trusting the emulator across restarts; or persist it with {@link #save(Path)} /
 * {@link #loadOrGenerate(Path, String...)}. Keys are EC P-256 (generation takes milliseconds). Immutable, thread-safe.
 */
public final class TlsMaterial {

    private static final String KEY_PASSWORD = "kii-emulator";
    private static final String CA_FILE = "ca.pem";
    private static final String CA_KEY_FILE = "ca-key.pem";
    private static final String SERVER_FILE = "server.pem";
    private static final String SERVER_KEY_FILE = "server-key.pem";

    private final X509Certificate caCertificate;
    private final PrivateKey caKey;
    private final X509Certificate serverCertificate;
    private final PrivateKey serverKey;

    private TlsMaterial(X509Certificate caCertificate, PrivateKey caKey, X509Certificate serverCertificate,
            PrivateKey serverKey) {
        this.caCertificate = caCertificate;
        this.caKey = caKey;
        this.serverCertificate = serverCertificate;
        this.serverKey = serverKey;
    }

    /**
     * Generates a new CA and server certificate.
     *
     * @param extraHosts additional DNS names or IP literals for the server certificate's SAN
     * @return the material
     */
    public static TlsMaterial generate(String... extraHosts) {
        try {
            KeyPair ca = newKeyPair();
            X500Name caName = new X500Name("CN=Kii Cloud Emulator CA " + Long.toHexString(System.nanoTime()) + ",O=kiipush");
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caName, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), caName,
                    ca.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(ca.getPublic()));
            X509Certificate caCert = sign(b, ca.getPrivate());
            return issueServer(caCert, ca.getPrivate(), extraHosts);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot generate TLS material", e);
        }
    }

    /**
     * Loads material saved by {@link #save(Path)}; generates (and saves) it when the directory holds none. When the
     * saved server certificate does not cover every requested host, a new one is issued by the saved CA, so clients
     * that trust the CA keep working.
     *
     * @param dir directory for {@code ca.pem}, {@code ca-key.pem}, {@code server.pem}, {@code server-key.pem}
     * @param extraHosts additional SAN entries required
     * @return the material
     * @throws IOException if the directory cannot be read or written
     */
    public static TlsMaterial loadOrGenerate(Path dir, String... extraHosts) throws IOException {
        if (!Files.exists(dir.resolve(CA_FILE)) || !Files.exists(dir.resolve(CA_KEY_FILE))) {
            TlsMaterial m = generate(extraHosts);
            m.save(dir);
            return m;
        }
        try {
            X509Certificate ca = readCert(dir.resolve(CA_FILE));
            PrivateKey caKey = readKey(dir.resolve(CA_KEY_FILE));
            if (Files.exists(dir.resolve(SERVER_FILE)) && Files.exists(dir.resolve(SERVER_KEY_FILE))) {
                TlsMaterial m = new TlsMaterial(ca, caKey, readCert(dir.resolve(SERVER_FILE)),
                        readKey(dir.resolve(SERVER_KEY_FILE)));
                if (m.covers(extraHosts)) {
                    return m;
                }
            }
            TlsMaterial m = issueServer(ca, caKey, extraHosts);
            m.save(dir);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IOException("invalid TLS material in " + dir, e);
        }
    }

    /**
     * Writes the four PEM files into {@code dir} (created if needed).
     *
     * @param dir target directory
     * @throws IOException on write failure
     */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(CA_FILE), caCertificatePem());
        Files.writeString(dir.resolve(CA_KEY_FILE), Pem.encode("PRIVATE KEY", caKey.getEncoded()));
        Files.writeString(dir.resolve(SERVER_FILE), serverCertificatePem());
        Files.writeString(dir.resolve(SERVER_KEY_FILE), Pem.encode("PRIVATE KEY", serverKey.getEncoded()));
    }

    /** @return the CA certificate clients should trust */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** @return the server certificate (signed by the CA) */
    public X509Certificate serverCertificate() {
        return serverCertificate;
    }

    /** @return the CA certificate as PEM ({@code -----BEGIN CERTIFICATE-----...}) */
    public String caCertificatePem() {
        return pem(caCertificate);
    }

    /** @return the server certificate as PEM */
    public String serverCertificatePem() {
        return pem(serverCertificate);
    }

    /**
     * Writes the CA certificate as PEM, e.g. for {@code mosquitto_sub --cafile} or {@code curl --cacert}.
     *
     * @param file target file (parent directories are created)
     * @return {@code file}
     * @throws IOException on write failure
     */
    public Path writeCaCertificatePem(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, caCertificatePem());
        return file;
    }

    /** @return a key store (PKCS12, in memory) that trusts the CA */
    public KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("kii-emulator-ca", caCertificate);
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a client SSL context that trusts only the emulator's CA */
    public SSLContext clientSslContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a socket factory for TLS clients (e.g. Paho's {@code setSocketFactory}) trusting the emulator's CA */
    public SSLSocketFactory clientSocketFactory() {
        return clientSslContext().getSocketFactory();
    }

    /** @return the server-side SSL context (server certificate + CA chain) */
    public SSLContext serverSslContext() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", serverKey, KEY_PASSWORD.toCharArray(),
                    new Certificate[] {serverCertificate, caCertificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, KEY_PASSWORD.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param hosts DNS names or IP literals
     * @return true if the server certificate's SAN lists each of them
     */
    public boolean covers(String... hosts) {
        Set<String> san = new LinkedHashSet<>();
        try {
            Collection<List<?>> names = serverCertificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> n : names) {
                    san.add(normalise(String.valueOf(n.get(1))));
                }
            }
        } catch (GeneralSecurityException e) {
            return false;
        }
        for (String h : hosts) {
            if (h != null && !h.isBlank() && !san.contains(normalise(h))) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- internals

    private static TlsMaterial issueServer(X509Certificate caCert, PrivateKey caKey, String... extraHosts)
            throws GeneralSecurityException, IOException {
        KeyPair server = newKeyPair();
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, serial(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(825))),
                new X500Name("CN=localhost,O=kiipush"), server.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(server.getPublic()));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
        b.addExtension(Extension.subjectAlternativeName, false, sanFor(extraHosts));
        return new TlsMaterial(caCert, caKey, sign(b, caKey), server.getPrivate());
    }

    private static GeneralNames sanFor(String... extraHosts) {
        Set<String> hosts = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        for (String h : extraHosts) {
            if (h != null && !h.isBlank()) {
                hosts.add(h.trim());
            }
        }
        List<GeneralName> names = new ArrayList<>();
        for (String h : hosts) {
            names.add(isIpLiteral(h) ? new GeneralName(GeneralName.iPAddress, h) : new GeneralName(GeneralName.dNSName, h));
        }
        return new GeneralNames(names.toArray(new GeneralName[0]));
    }

    private static boolean isIpLiteral(String h) {
        return h.matches("[0-9.]+") || h.contains(":");
    }

    private static String normalise(String host) {
        if (isIpLiteral(host)) {
            try {
                return InetAddress.getByName(host).getHostAddress();
            } catch (IOException e) {
                return host;
            }
        }
        return host.toLowerCase();
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static String pem(X509Certificate cert) {
        try {
            return Pem.encode("CERTIFICATE", cert.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate readCert(Path file) throws IOException, GeneralSecurityException {
        byte[] der = Pem.decode("CERTIFICATE", Files.readString(file, StandardCharsets.US_ASCII));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    private static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
        byte[] der = Pem.decode("PRIVATE KEY", Files.readString(file, StandardCharsets.US_ASCII));
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    }
}
