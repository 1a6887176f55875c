package org.ispadlab.kernel.jupyter;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dflib.jjava.jupyter.channels.ReplyEnvironment;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.comm.Comm;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.comm.CommCloseCommand;
import org.dflib.jjava.jupyter.messages.comm.CommMsgCommand;
import org.dflib.jjava.jupyter.messages.comm.CommOpenCommand;
import org.dflib.jjava.jupyter.messages.request.CommInfoRequest;

/**
 * The base library's comm manager, with what widgets need of it: comms the kernel opens carry data, metadata and
 * buffers; while a comm message is handled, outgoing messages name it as their parent and the standard streams are
 * attached to it (a callback's prints reach the page under the change that caused them). Busy and idle around every
 * comm message are the base library's ({@code setBusyDeferIdle}): the page's widget manager sends a slider's next
 * change only after that idle.
 */
final class WidgetCommManager extends CommManager {

    private final KernelIO io;
    private volatile java.util.function.Consumer<ShellReplyEnvironment> attachStreams = env -> { };

    WidgetCommManager(KernelIO io) {
        this.io = io;
    }

    /** How the kernel attaches the standard streams to a request (set once the kernel exists). */
    void attachStreamsWith(java.util.function.Consumer<ShellReplyEnvironment> attach) {
        attachStreams = attach;
    }

    /** The parent of messages sent now: the request being handled. */
    synchronized MessageContext context() {
        return context;
    }

    /** Opens a comm from the kernel with its first message's data, metadata and buffers. */
    <T extends Comm> T open(String target, JsonObject data, Map<String, Object> metadata, List<byte[]> buffers,
                            java.util.function.BiFunction<CommManager, String, T> factory) {
        String id = UUID.randomUUID().toString().replace("-", "");
        T comm = factory.apply(this, id);
        registerComm(comm);
        Message<CommOpenCommand> open;
        synchronized (this) {
            open = new Message<>(context, CommOpenCommand.MESSAGE_TYPE, new CommOpenCommand(id, target, data),
                    frames(buffers), metadata);
        }
        iopub.sendMessage(open);
        return comm;
    }

    /**
     * Buffers as the base library's socket wants them: null when there are none (an empty list leaves the message's
     * last frame open, and the next message on the socket is glued onto it as buffers).
     */
    static List<byte[]> frames(List<byte[]> buffers) {
        return buffers == null || buffers.isEmpty() ? null : buffers;
    }

    @Override
    public void handleCommOpenCommand(ReplyEnvironment env, Message<CommOpenCommand> message) {
        during(env, message, () -> super.handleCommOpenCommand(env, message));
    }

    @Override
    public void handleCommMsgCommand(ReplyEnvironment env, Message<CommMsgCommand> message) {
        during(env, message, () -> super.handleCommMsgCommand(env, message));
    }

    @Override
    public void handleCommCloseCommand(ReplyEnvironment env, Message<CommCloseCommand> message) {
        during(env, message, () -> super.handleCommCloseCommand(env, message));
    }

    @Override
    public void handleCommInfoRequest(ReplyEnvironment env, Message<CommInfoRequest> message) {
        during(env, message, () -> super.handleCommInfoRequest(env, message));
    }

    /** Runs {@code body} with {@code message} as the parent and the streams attached to its environment. */
    void during(ReplyEnvironment env, MessageContext message, Runnable body) {
        MessageContext previous;
        synchronized (this) {
            previous = context;
            context = message;
        }
        try {
            if (env instanceof ShellReplyEnvironment shell) {
                io.during(shell, attachStreams, body);
            } else {
                body.run();
            }
        } finally {
            synchronized (this) {
                context = previous;
            }
        }
    }
}
