package org.ispadlab.kernel.jupyter;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.comm.Comm;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.comm.CommCloseCommand;
import org.dflib.jjava.jupyter.messages.comm.CommMsgCommand;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import org.ispadlab.kernel.widgets.CommChannel;

/** The widgets' view of this kernel ({@link CommChannel}) over the base library's comms and streams. */
final class KernelWidgetChannel implements CommChannel {

    private final WidgetCommManager comms;
    private final KernelIO io;
    private volatile BooleanSupplier moreIncoming = () -> false;

    KernelWidgetChannel(WidgetCommManager comms, KernelIO io) {
        this.comms = comms;
        this.io = io;
    }

    /** The shell channel's queue, once the kernel is connected. */
    void watchQueue(BooleanSupplier pending) {
        moreIncoming = pending;
    }

    @Override
    public String open(String target, JsonObject data, Map<String, Object> metadata, List<byte[]> buffers,
                       Listener listener) {
        return comms.open(target, data, metadata, buffers, (manager, id) -> new ListenerComm(manager, id, target, listener))
                .getID();
    }

    @Override
    public void send(String commId, JsonObject data, List<byte[]> buffers) {
        comms.messageComm(commId, data, Map.of(), WidgetCommManager.frames(buffers));
    }

    @Override
    public void acceptTarget(String target, Opener opener) {
        comms.registerTarget(target, (manager, id, name, message) ->
                new ListenerComm(manager, id, name, opener.opened(id, message.getContent().getData())));
    }

    @Override
    public void clearOutput(boolean wait) {
        ShellReplyEnvironment env = io.env();
        if (env != null) {
            System.out.flush();
            System.err.flush();
            env.publish(wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
        }
    }

    @Override
    public String parentMessageId() {
        MessageContext context = comms.context();
        return context == null || context.getHeader() == null ? "" : context.getHeader().getId();
    }

    @Override
    public boolean moreIncoming() {
        return moreIncoming.getAsBoolean();
    }

    /** A comm whose messages go to a widget listener. */
    private static final class ListenerComm extends Comm {
        private final Listener listener;

        ListenerComm(CommManager manager, String id, String target, Listener listener) {
            super(manager, id, target);
            this.listener = listener;
        }

        @Override
        protected void onMessage(Message<CommMsgCommand> message) {
            listener.onMessage(message.getContent().getData(), message.getBlobs() == null ? List.of() : message.getBlobs());
        }

        @Override
        protected void onClose(Message<CommCloseCommand> message, boolean sending) {
            listener.onClose();
        }
    }
}
