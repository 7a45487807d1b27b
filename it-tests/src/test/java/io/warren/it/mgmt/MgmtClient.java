package io.warren.it.mgmt;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** A small client for the management HTTP API over real HTTP (java.net.http), with basic auth and JSON. */
public final class MgmtClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization;

    public MgmtClient(int port, String user, String password) {
        this.base = "http://127.0.0.1:" + port;
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    MgmtClient as(String user, String password) {
        return new MgmtClient(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), user, password);
    }

    HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null);
    }

    HttpResponse<String> put(String path, Object body) {
        return send("PUT", path, write(body));
    }

    HttpResponse<String> post(String path, Object body) {
        return send("POST", path, write(body));
    }

    HttpResponse<String> delete(String path) {
        return send("DELETE", path, null);
    }

    /** GET that must answer 200, parsed as an object. */
    public Map<String, Object> getObject(String path) {
        HttpResponse<String> r = expect(200, get(path));
        return read(r.body(), new TypeReference<>() { });
    }

    /** GET that must answer 200, parsed as a list of objects. */
    public List<Map<String, Object>> getList(String path) {
        HttpResponse<String> r = expect(200, get(path));
        return read(r.body(), new TypeReference<>() { });
    }

    public static HttpResponse<String> expect(int status, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            throw new AssertionError("expected " + status + " from " + r.request().method() + " " + r.uri()
                    + ", got " + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    static <T> T read(String body, TypeReference<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    public static Map<String, Object> object(String body) {
        return read(body, new TypeReference<>() { });
    }

    private static String write(Object body) {
        if (body instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
