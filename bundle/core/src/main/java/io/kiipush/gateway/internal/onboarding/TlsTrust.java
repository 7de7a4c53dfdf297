package io.kiipush.gateway.internal.onboarding;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** Builds a TLS socket factory that trusts exactly the CA certificates of a PEM file. */
final class TlsTrust {

    private TlsTrust() {
    }

    /**
     * @param pem one or more PEM (or DER) X.509 certificates
     * @return a socket factory trusting only those certificates
     * @throws GeneralSecurityException if no certificate can be read
     * @throws IOException never in practice (in-memory key store)
     */
    static SSLSocketFactory socketFactory(byte[] pem) throws GeneralSecurityException, IOException {
        Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem));
        if (certs.isEmpty()) {
            throw new CertificateException("no certificate found");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate cert : certs) {
            store.setCertificateEntry("ca-" + i++, cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context.getSocketFactory();
    }
}
