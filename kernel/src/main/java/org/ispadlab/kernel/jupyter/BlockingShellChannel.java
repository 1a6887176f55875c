package org.ispadlab.kernel.jupyter;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.Message;
import org.zeromq.ZMQ;

/**
 * A shell (or control) channel that blocks in {@code poll} until a request arrives. The base library's
 * channel polls without waiting and sleeps 50 ms between polls, which added up to 50 ms to every
 * request; this one answers as soon as the message is on the socket.
 */
final class BlockingShellChannel extends ShellChannel {

    /** How often the blocked poll wakes up to notice {@link #close()}. */
    private static final int WAKE_MS = 200;

    private final boolean control;
    private final JupyterConnection connection;
    private volatile boolean running;
    private Thread loop;
    private ZMQ.Poller poller;
    /** Runs after a request when no other one waits (before its idle): widgets' coalesced callbacks. */
    private volatile java.util.function.BiConsumer<ShellReplyEnvironment, Message<?>> whenDrained = (env, m) -> { };

    BlockingShellChannel(ZMQ.Context ctx, org.dflib.jjava.jupyter.messages.HMACGenerator hmac,
                         boolean control, JupyterConnection connection) {
        super(ctx, hmac, control, connection);
        this.control = control;
        this.connection = connection;
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        int port = control ? props.getControlPort() : props.getShellPort();
        String address = formatAddress(props.getTransport(), props.getIp(), port);
        bind(address);
        poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        running = true;
        loop = new Thread(() -> serve(poller), control ? "jupyter-control" : "jupyter-shell");
        loop.setDaemon(false);
        loop.start();
    }

    private void serve(ZMQ.Poller poller) {
        while (running) {
            if (poller.poll(WAKE_MS) <= 0) {
                continue;
            }
            Message<?> message = readMessage();
            if (handle(message)) {
                running = false;
                poller.close();
                connection.close(); // a shutdown request: close every channel, which ends the kernel
                return;
            }
        }
        poller.close();
    }

    /** Handles one request; true when it asked the kernel to shut down. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private boolean handle(Message message) {
        ShellHandler handler = connection.getHandler(message.getHeader().getType());
        if (handler == null) {
            logger.warn("Unhandled message: {}", message.getHeader().getType().getName());
            return false;
        }
        ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
        try {
            handler.handle(env, message);
            if (!control && !hasPending()) {
                whenDrained.accept(env, message);
            }
        } catch (Exception e) {
            logger.warn("Unhandled exception handling {}: {}", message.getHeader().getType().getName(), e.toString());
        } finally {
            env.resolveDeferrals();
        }
        return env.isMarkedForShutdown();
    }

    /** True when another request waits on this channel; asked from its own thread only (false elsewhere). */
    boolean hasPending() {
        return Thread.currentThread() == loop && poller != null && poller.poll(0) > 0;
    }

    void whenDrained(java.util.function.BiConsumer<ShellReplyEnvironment, Message<?>> hook) {
        whenDrained = hook;
    }

    @Override
    public void close() {
        running = false;
        super.close();
    }

    @Override
    public void waitUntilClose() {
        Thread t = loop;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
