package org.ispadlab.kernel.jupyter;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

/**
 * The base library's connection with its shell and control channels replaced by blocking ones
 * ({@link BlockingShellChannel}); heartbeat, stdin and iopub are the base library's.
 */
public final class LowLatencyConnection extends JupyterConnection {

    private final KernelConnectionProperties props;
    private final BlockingShellChannel fastShell;
    private final BlockingShellChannel fastControl;

    /** The blocking channels' own ZMQ context: the base class keeps its context private. */
    private final ZMQ.Context context = ZMQ.context(1);

    public LowLatencyConnection(KernelConnectionProperties props) throws NoSuchAlgorithmException, InvalidKeyException {
        super(props);
        this.props = props;
        this.fastShell = new BlockingShellChannel(context, props.createHMACGenerator(), false, this);
        this.fastControl = new BlockingShellChannel(context, props.createHMACGenerator(), true, this);
    }

    /** The shell channel: the kernel watches its queue (widgets coalesce a burst of changes). */
    BlockingShellChannel shell() {
        return fastShell;
    }

    @Override
    public void connect() {
        for (JupyterSocket socket : new JupyterSocket[] {heartbeat, fastShell, fastControl, stdin, iopub}) {
            socket.bind(props);
        }
        iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
    }

    @Override
    public void close() {
        fastShell.close();
        fastControl.close();
        super.close();
        context.close();
    }

    @Override
    public void waitUntilClose() {
        fastShell.waitUntilClose();
        fastControl.waitUntilClose();
        super.waitUntilClose();
    }
}
