package org.ispadlab.kernel.jupyter;

import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.ispadlab.kernel.KernelVersion;
import org.ispadlab.kernel.Magics;
import org.ispadlab.kernel.display.Display;
import org.ispadlab.kernel.eval.CellException;
import org.ispadlab.kernel.eval.JShellEvaluator;
import org.ispadlab.kernel.widgets.Widget;
import org.ispadlab.kernel.widgets.Widgets;

/**
 * The Jupyter side of the kernel: messages in, {@link JShellEvaluator} and {@link Magics} do the work,
 * results out through the renderers. Everything Java-specific lives in the evaluator.
 */
public final class JavaKernel extends BaseKernel {

    private final JShellEvaluator evaluator;
    private final Magics magics;
    private final KernelWidgetChannel widgetChannel;

    public JavaKernel(JShellEvaluator evaluator) {
        this(evaluator, new Renderer(), new KernelIO());
    }

    private JavaKernel(JShellEvaluator evaluator, Renderer renderer, KernelIO io) {
        super("ispad-java", KernelVersion.get(), languageInfo(),
                List.of(new HelpLink("JShell guide", "https://docs.oracle.com/en/java/javase/17/jshell/")),
                new HistoryManager() { }, io, new WidgetCommManager(io), renderer,
                new MagicParser("(?<=(?:^|=))\\s*%", "%%", new MagicTranspiler()), new MagicsRegistry(),
                false, new StringStyler.Builder().build());
        this.evaluator = evaluator;
        this.magics = new Magics(evaluator);
        WidgetCommManager comms = (WidgetCommManager) getCommManager();
        comms.attachStreamsWith(this::replaceOutputStreams);
        this.widgetChannel = new KernelWidgetChannel(comms, io);
        Widgets.install(widgetChannel);
        Renderers.registerAll(renderer);
        Display.install(new KernelDisplaySink(this));
    }

    /**
     * Connects the widgets to the shell channel's queue: after a request, when no other one waits, the callbacks
     * coalesced during a burst of changes run, under that request.
     */
    public void watchShell(LowLatencyConnection connection) {
        BlockingShellChannel shell = connection.shell();
        widgetChannel.watchQueue(shell::hasPending);
        WidgetCommManager comms = (WidgetCommManager) getCommManager();
        shell.whenDrained((env, message) -> comms.during(env, message, Widgets.current()::flush));
    }

    private static LanguageInfo languageInfo() {
        return new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
    }

    @Override
    public String getBanner() {
        return "ISP-AD Lab Java kernel " + KernelVersion.get() + " on Java " + Runtime.version();
    }

    /**
     * A widget as a cell's value is shown as display_data, as ipywidgets does, not as the execute result: the classic
     * Notebook's widget manager finds a reloaded page's widgets in display_data outputs only.
     */
    @Override
    public Object evalRaw(String cell) {
        Object value = magics.run(cell);
        if (value instanceof Widget widget) {
            Display.display(widget);
            return null;
        }
        return value;
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return evaluator.inspect(code, at).map(DisplayData::new).orElse(null);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        JShellEvaluator.Completions c = evaluator.complete(code, at);
        return c.candidates().isEmpty() ? null : new ReplacementOptions(c.candidates(), c.start(), c.end());
    }

    @Override
    public String isComplete(String code) {
        return switch (evaluator.readiness(code)) {
            case COMPLETE -> IS_COMPLETE_YES;
            case INVALID -> IS_COMPLETE_BAD;
            case INCOMPLETE -> "    "; // the indent for the next line
        };
    }

    @Override
    public void interrupt() {
        evaluator.interrupt();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        evaluator.close();
    }

    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CellException cell) {
            return new ArrayList<>(cell.report());
        }
        return super.formatError(e);
    }

    /** The base library's reply leaves out the required {@code status} field. */
    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> request) {
        env.setBusyDeferIdle();
        env.reply(new CompleteKernelInfoReply(getLanguageInfo(), getBanner(), getHelpLinks()));
    }

    /** Display helpers used by {@link KernelDisplaySink}. */
    DisplayData renderForDisplay(Object value, String... mimeTypes) {
        return mimeTypes.length == 0 ? getRenderer().render(value) : getRenderer().renderAs(value, mimeTypes);
    }

    static final class CompleteKernelInfoReply extends KernelInfoReply {
        @SuppressWarnings("unused") // serialised by gson
        private final String status = "ok";

        CompleteKernelInfoReply(LanguageInfo language, String banner, List<HelpLink> links) {
            super("5.3", "ispad-java", KernelVersion.get(), language, banner, links);
        }
    }
}
