package io.kiipush.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** A small REST client for tests (java.net.http). */
final class Http {

    /** An answer: status, headers, body. */
    record Resp(HttpResponse<String> raw) {

        int status() {
            return raw.statusCode();
        }

        String body() {
            return raw.body();
        }

        JsonObject json() {
            JsonElement e = io.kiipush.emulator.internal.util.Json.parse(raw.body());
            return e.getAsJsonObject();
        }

        String str(String key) {
            return json().get(key).getAsString();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        String errorCode() {
            return json().get("errorCode").getAsString();
        }

        @Override
        public String toString() {
            return status() + " " + raw.body();
        }
    }

    private final String base;
    private final HttpClient client;

    Http(String base) {
        this(base, null);
    }

    Http(String base, SSLContext tls) {
        this.base = base;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1);
        if (tls != null) {
            b.sslContext(tls);
        }
        this.client = b.build();
    }

    Resp send(String method, String path, String contentType, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return new Resp(client.send(b.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Resp get(String path, String... headers) {
        return send("GET", path, null, null, headers);
    }

    Resp delete(String path, String... headers) {
        return send("DELETE", path, null, null, headers);
    }

    Resp put(String path, String... headers) {
        return send("PUT", path, null, null, headers);
    }

    Resp post(String path, String contentType, String body, String... headers) {
        return send("POST", path, contentType, body, headers);
    }

    static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }
}
