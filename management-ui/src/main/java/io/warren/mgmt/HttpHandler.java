package io.warren.mgmt;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands each aggregated HTTP request to the management executor and writes the answer back. The I/O thread only
 * copies the request out of its buffers; routing, authentication (a SHA-256 per request) and the work itself run
 * on the executor, never on the event loop. Requests of one connection are chained, so pipelined requests are
 * answered in order. Confinement: one instance per connection; {@link #tail} is touched on the event loop only.
 */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpHandler.class);

    private final Routes routes;
    private final Executor executor;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    HttpHandler(Routes routes, Executor executor) {
        this.routes = routes;
        this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
        boolean keepAlive = HttpUtil.isKeepAlive(msg);
        if (!msg.decoderResult().isSuccess()) {
            write(ctx, ApiError.badRequest("malformed HTTP request").toResponse(), false, false);
            return;
        }
        QueryStringDecoder qs = new QueryStringDecoder(msg.uri());
        String path = qs.rawPath();
        Request req = new Request(msg.method().name(), path, Request.split(path), qs.parameters(),
                msg.headers().copy(), ByteBufUtil.getBytes(msg.content()), ctx.channel().remoteAddress());
        boolean head = HttpMethod.HEAD.equals(msg.method());
        try {
            tail = tail.thenRunAsync(() -> write(ctx, routes.dispatch(req), keepAlive, head), executor)
                    .exceptionally(t -> {
                        log.warn("management request {} {} failed", req.method(), req.path(), t);
                        return null;
                    });
        } catch (RejectedExecutionException e) {
            write(ctx, new ApiError(503, "service_unavailable", "management is busy").toResponse(), false, head);
        }
    }

    private static void write(ChannelHandlerContext ctx, Response r, boolean keepAlive, boolean head) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
        var h = res.headers();
        if (r.contentType() != null) {
            h.set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        }
        h.set(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        h.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        h.set("X-Content-Type-Options", "nosniff");
        for (Map.Entry<String, String> e : r.headers().entrySet()) {
            h.set(e.getKey(), e.getValue());
        }
        if (keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res, ctx.voidPromise());
        } else {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("management HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
