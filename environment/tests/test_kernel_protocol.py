"""The ISP-AD Lab Java kernel driven through the real Jupyter protocol (jupyter_client), as a notebook drives it."""
import os
import queue
import subprocess
import tempfile
import textwrap
import threading
import time
import unittest

from jupyter_client.manager import start_new_kernel

KERNEL = "ispad-java"


class KernelSession:
    """One kernel; run() executes a cell and collects its reply and iopub messages."""

    def __init__(self):
        self.km, self.kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=60)

    def run(self, code, timeout=60):
        msg_id = self.kc.execute(code)
        messages = []
        deadline = time.time() + timeout
        while True:
            msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            messages.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        reply = self.kc.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=timeout)
        return reply["content"], messages

    def value(self, code):
        reply, messages = self.run(code)
        assert reply["status"] == "ok", reply
        results = [m for m in messages if m["msg_type"] == "execute_result"]
        return results[-1]["content"]["data"] if results else None

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def of_type(messages, msg_type):
    return [m for m in messages if m["msg_type"] == msg_type]


def error_of(messages):
    errors = of_type(messages, "error")
    assert errors, "expected an error message"
    return errors[0]["content"]


class KernelProtocolTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.k = KernelSession()

    @classmethod
    def tearDownClass(cls):
        cls.k.close()

    def test_kernel_info_reply_is_complete(self):
        self.k.kc.kernel_info()
        reply = self.k.kc.get_shell_msg(timeout=10)["content"]
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(reply["protocol_version"], "5.3")
        self.assertEqual(reply["implementation"], "ispad-java")
        self.assertEqual(reply["language_info"]["name"], "java")
        self.assertEqual(reply["language_info"]["file_extension"], ".jshell")
        self.assertIn("ISP-AD Lab", reply["banner"])

    def test_state_lives_across_cells_and_the_last_expression_shows(self):
        self.k.run("var names = new ArrayList<String>();")
        self.k.run('names.add("fibre"); names.add("pinhole");')
        self.assertEqual(self.k.value("names")["text/plain"], "[fibre, pinhole]")
        self.assertEqual(self.k.value("names.size() * 21")["text/plain"], "42")

    def test_the_library_is_on_the_class_path(self):
        data = self.k.value("org.ispadlab.Scale.parse(\"paper\")")
        self.assertEqual(data["text/plain"], "PAPER")

    def test_compile_error_shows_line_column_and_caret(self):
        reply, messages = self.k.run("int a = 1;\nint b = a +\n    nope;")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(error_of(messages)["ename"], "CompilationException")
        tb = error_of(messages)["traceback"]
        self.assertIn("Compile error, line 3, column 5: cannot find symbol", tb[0])
        self.assertEqual(tb[1], "        nope;")
        self.assertEqual(tb[2], "        ^^^^")

    def test_runtime_error_lists_the_users_frames_first(self):
        reply, messages = self.k.run("int ratio(int a, int b) {\n    return a / b;\n}\nratio(1, 0)")
        self.assertEqual(reply["status"], "error")
        error = error_of(messages)
        self.assertEqual(error["evalue"], "java.lang.ArithmeticException: / by zero")
        self.assertEqual(reply["evalue"], "java.lang.ArithmeticException: / by zero")
        self.assertEqual(reply["traceback"], [], "no kernel frames leak into the reply")
        tb = error["traceback"]
        self.assertEqual(tb[0], "java.lang.ArithmeticException: / by zero")
        self.assertEqual(tb[1], "    at ratio, line 2 of this cell")
        self.assertEqual(tb[2], "    at line 4 of this cell")
        self.assertEqual(self.k.value("1 + 1")["text/plain"], "2", "the kernel survives")

    def test_system_exit_does_not_kill_the_kernel(self):
        self.k.run("int keep = 7;")
        reply, messages = self.k.run("System.exit(0);")
        self.assertEqual(reply["status"], "error")
        self.assertIn("System.exit(0) was called in a cell", error_of(messages)["traceback"][0])
        self.assertTrue(self.k.km.is_alive())
        self.assertEqual(self.k.value("keep")["text/plain"], "7")

    def test_out_of_memory_fails_the_cell_not_the_kernel(self):
        self.k.run("int kept = 41;")
        # more than any heap: the JVM refuses it at once, as it would a runaway allocation after filling the heap
        reply, messages = self.k.run("long[] huge = new long[Integer.MAX_VALUE - 8];")
        self.assertEqual(reply["status"], "error")
        self.assertIn("OutOfMemoryError", error_of(messages)["traceback"][0])
        self.assertTrue(self.k.km.is_alive())
        self.assertEqual(self.k.value("kept + 1")["text/plain"], "42")

    def test_stdout_streams_while_the_cell_runs(self):
        code = 'System.out.println("first"); Thread.sleep(1500); System.out.println("second");'
        msg_id = self.k.kc.execute(code)
        seen_first_at = finished_at = None
        started = time.time()
        while finished_at is None:
            msg = self.k.kc.get_iopub_msg(timeout=30)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream" and "first" in msg["content"]["text"] and seen_first_at is None:
                seen_first_at = time.time() - started
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                finished_at = time.time() - started
        self.k.kc.get_shell_msg(timeout=10)
        self.assertIsNotNone(seen_first_at)
        self.assertLess(seen_first_at, 1.0, "the first line arrives before the sleep ends")
        self.assertGreater(finished_at, 1.4)

    def test_images_show_as_png(self):
        data = self.k.value("new BufferedImage(8, 4, BufferedImage.TYPE_INT_RGB)")
        self.assertTrue(data["image/png"].startswith("iVBORw0KGgo"), "base64 of a PNG signature")

    def test_charts_and_tables_render_through_the_library_spi(self):
        chart = self.k.value(textwrap.dedent("""\
            var chart = new org.knowm.xchart.XYChartBuilder().width(200).height(120).build();
            chart.addSeries("s", new double[] {1, 2}, new double[] {3, 4});
            chart"""))
        self.assertIn("image/png", chart)
        _, messages = self.k.run('display(chart, "image/svg+xml");')
        svg = of_type(messages, "display_data")[0]["content"]["data"]["image/svg+xml"]
        self.assertTrue(svg.startswith("<svg"))
        table = self.k.value('tech.tablesaw.api.Table.create("t", tech.tablesaw.api.IntColumn.create("n", 1, 2))')
        self.assertIn("<table", table["text/html"])

    def test_display_updates_in_place_by_display_id(self):
        _, messages = self.k.run(textwrap.dedent("""\
            String id = display(html("<b>0%</b>"));
            updateDisplay(id, html("<b>100%</b>"));"""))
        shown = of_type(messages, "display_data")
        updated = of_type(messages, "update_display_data")
        self.assertEqual(len(shown), 1)
        self.assertEqual(len(updated), 1)
        display_id = shown[0]["content"]["transient"]["display_id"]
        self.assertEqual(updated[0]["content"]["transient"]["display_id"], display_id)
        self.assertEqual(updated[0]["content"]["data"]["text/html"], "<b>100%</b>")

    def test_progress_bar_updates_one_output(self):
        _, messages = self.k.run(textwrap.dedent("""\
            var bar = org.ispadlab.viz.ProgressBar.show("work", 5);
            for (int i = 1; i <= 5; i++) { Thread.sleep(250); bar.step(); }"""))
        self.assertEqual(len(of_type(messages, "display_data")), 1)
        updates = of_type(messages, "update_display_data")
        self.assertGreaterEqual(len(updates), 2)
        self.assertIn('value="5" max="5"', updates[-1]["content"]["data"]["text/html"])

    def test_complete_and_inspect(self):
        self.k.run('String word = "abc";')
        self.k.kc.complete("word.toUpp", 10)
        reply = self.k.kc.get_shell_msg(timeout=10)["content"]
        self.assertEqual(reply["status"], "ok")
        self.assertIn("toUpperCase(", reply["matches"])
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (5, 10))
        self.k.kc.inspect("word", 2)
        reply = self.k.kc.get_shell_msg(timeout=10)["content"]
        self.assertTrue(reply["found"])
        self.assertEqual(reply["data"]["text/plain"], 'String word = "abc"')

    def test_magics_classpath_and_load(self):
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "Greeter.java")
            with open(src, "w") as f:  # in a package: cells cannot see classes of the unnamed package
                f.write("package demo; public class Greeter { public static String hi() { return \"hi from a jar\"; } }")
            subprocess.run(["javac", "-d", os.path.join(tmp, "classes"), src], check=True)
            subprocess.run(["jar", "cf", os.path.join(tmp, "greeter.jar"), "-C", os.path.join(tmp, "classes"), "."],
                           check=True)
            script = os.path.join(tmp, "helpers.jsh")
            with open(script, "w") as f:
                f.write("int twice(int x) { return 2 * x; }\n")
            reply, _ = self.k.run(f"%classpath {tmp}/*.jar")
            self.assertEqual(reply["status"], "ok", reply)
            self.assertEqual(self.k.value("demo.Greeter.hi()")["text/plain"], "hi from a jar")
            self.assertEqual(self.k.value(f"%load {script}\ntwice(21)")["text/plain"], "42")
        reply, messages = self.k.run("%nosuchmagic")
        self.assertEqual(reply["status"], "error")
        self.assertIn("unknown magic %nosuchmagic", "\n".join(error_of(messages)["traceback"]))


class InterruptAndRestartTest(unittest.TestCase):

    def setUp(self):
        self.k = KernelSession()

    def tearDown(self):
        self.k.close()

    def interrupt_after(self, seconds):
        threading.Timer(seconds, self.k.km.interrupt_kernel).start()

    def test_interrupt_stops_a_busy_loop_and_skips_the_rest_of_the_cell(self):
        self.k.run("int after = 0;")
        self.interrupt_after(1.0)
        started = time.time()
        reply, messages = self.k.run("long n = 0;\nwhile (true) { n++; }\nafter = 1;", timeout=30)
        self.assertLess(time.time() - started, 10)
        self.assertEqual(reply["status"], "error")
        self.assertIn("Interrupted", error_of(messages)["traceback"][0])
        self.assertEqual(self.k.value("after")["text/plain"], "0", "the rest of the cell did not run")
        self.assertEqual(self.k.value("2 + 3")["text/plain"], "5")

    def test_interrupt_stops_a_djl_loop_in_native_code(self):
        # like a training loop: every step allocates in a sub-manager and spends its time in native code
        code = textwrap.dedent("""\
            import ai.djl.ndarray.*;
            try (NDManager m = NDManager.newBaseManager()) {
                while (true) {
                    try (NDManager step = m.newSubManager()) {
                        NDArray x = step.randomNormal(new ai.djl.ndarray.types.Shape(384, 384));
                        x.matMul(x).sum().getFloat();
                    }
                }
            }""")
        self.interrupt_after(4.0)
        started = time.time()
        reply, messages = self.k.run(code, timeout=60)
        self.assertLess(time.time() - started, 20)
        self.assertEqual(reply["status"], "error")
        self.assertIn("Interrupted", error_of(messages)["traceback"][0])
        self.assertEqual(self.k.value("ai.djl.engine.Engine.getInstance().getEngineName()")["text/plain"], "PyTorch")

    def test_restart_gives_a_fresh_working_kernel(self):
        self.k.run("int before = 1;")
        self.k.km.restart_kernel(now=False)
        self.k.kc.wait_for_ready(timeout=60)
        reply, messages = self.k.run("before")
        self.assertEqual(reply["status"], "error", "state is gone after a restart")
        self.assertEqual(self.k.value("40 + 2")["text/plain"], "42")


if __name__ == "__main__":
    unittest.main()
