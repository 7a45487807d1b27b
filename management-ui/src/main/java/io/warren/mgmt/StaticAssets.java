package io.warren.mgmt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the web UI from the classpath directory {@code mgmt-ui/} ({@code /} is {@code index.html}). Only
 * known file names are served (no path traversal: segments are checked, and the lookup is a classpath name).
 * Files are cached after the first read. Thread-safe.
 */
final class StaticAssets {
    private static final String ROOT = "mgmt-ui/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    Response serve(Call c) {
        List<String> segments = c.request().rawSegments();
        String path = segments.isEmpty() ? "index.html" : String.join("/", segments);
        for (String s : segments) {
            if (s.startsWith(".") || !s.matches("[A-Za-z0-9._-]+")) {
                throw ApiError.notFound();
            }
        }
        String ext = path.substring(path.lastIndexOf('.') + 1);
        String type = TYPES.get(ext);
        if (type == null) {
            throw ApiError.notFound();
        }
        byte[] body = cache.computeIfAbsent(path, StaticAssets::load);
        if (body.length == 0) {
            throw ApiError.notFound();
        }
        return new Response(200, type, body, Map.of("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'"));
    }

    private static byte[] load(String path) {
        try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(ROOT + path)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
