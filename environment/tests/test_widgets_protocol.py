"""The kernel's Jupyter widgets over the real protocol (jupyter_client), message shapes held to ipywidgets'
packages/schema/messages.md: version 2 when no front end announces itself, version 1 after the classic Notebook's
jupyter.widget.version handshake, 2.1's control comm and echo_update, busy/idle around every comm message."""
import time
import unittest

from test_kernel_protocol import KernelSession, of_type

IMPORT = "import org.ispadlab.kernel.widgets.*;"


class PageSession(KernelSession):
    """A kernel and the messages a widget front end would send it."""

    def comm(self, msg_type, content, buffers=None):
        msg = self.kc.session.msg(msg_type, content)
        self.kc.shell_channel.send(msg) if not buffers else self.kc.session.send(
            self.kc.shell_channel.socket, msg, buffers=buffers)
        return msg["header"]["msg_id"]

    def until_idle(self, msg_id, timeout=30):
        """Every iopub message under msg_id up to its idle (busy first)."""
        out, deadline = [], time.time() + timeout
        while True:
            m = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            out.append(m)
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                return out

    def send_change(self, comm_id, state, v1=False):
        data = ({"method": "backbone", "sync_data": state, "buffer_keys": []} if v1
                else {"method": "update", "state": state, "buffer_paths": []})
        return self.comm("comm_msg", {"comm_id": comm_id, "data": data})

    def opened(self, messages):
        """comm_open messages by model name."""
        out = {}
        for m in of_type(messages, "comm_open"):
            data = m["content"]["data"]
            state = data.get("state", data)
            out.setdefault(state["_model_name"], []).append(m)
        return out


def view_of(messages):
    """A widget as a cell's value is display_data (as ipywidgets shows it), with no execute_result."""
    assert not of_type(messages, "execute_result"), "a widget is shown as display_data, not as the result"
    return of_type(messages, "display_data")[-1]["content"]["data"]


class WidgetKernelTest(unittest.TestCase):
    """One kernel per class; announce() plays what the class's front end says when it loads."""

    @classmethod
    def setUpClass(cls):
        cls.k = PageSession()
        cls.announce()
        cls.k.run(IMPORT)

    @classmethod
    def announce(cls):
        pass

    @classmethod
    def tearDownClass(cls):
        cls.k.close()


class WidgetProtocol2Test(WidgetKernelTest):
    """No front end announced itself (as under nbclient, JupyterLab with ipywidgets 7): version 2."""

    def test_a_slider_opens_with_nested_state_and_shows_by_its_view_mime(self):
        reply, messages = self.k.run('var s = new IntSlider("threshold", 0, 100, 50); s')
        self.assertEqual(reply["status"], "ok")
        opened = self.k.opened(messages)
        slider = opened["IntSliderModel"][0]["content"]
        self.assertEqual(slider["target_name"], "jupyter.widget")
        self.assertEqual(set(slider["data"]), {"state", "buffer_paths"})
        state = slider["data"]["state"]
        self.assertEqual(state["_model_module"], "@jupyter-widgets/controls")
        self.assertEqual(state["_model_module_version"], "2.0.0")
        self.assertEqual(state["_view_name"], "IntSliderView")
        self.assertEqual((state["value"], state["min"], state["max"], state["description"]), (50, 0, 100, "threshold"))
        self.assertEqual(opened["IntSliderModel"][0]["metadata"]["version"], "2.1.0")
        # its layout and style were opened first and are referenced by id
        layout_id = opened["LayoutModel"][-1]["content"]["comm_id"]
        self.assertEqual(state["layout"], "IPY_MODEL_" + layout_id)
        self.assertIn("SliderStyleModel", opened)
        self.assertEqual(opened["LayoutModel"][-1]["content"]["data"]["state"]["_model_module"], "@jupyter-widgets/base")
        view = view_of(messages)
        self.assertEqual(view["application/vnd.jupyter.widget-view+json"],
                         {"model_id": slider["comm_id"], "version_major": 2, "version_minor": 1})
        self.assertIn("text/plain", view)

    def test_a_page_change_is_wrapped_in_busy_and_idle_and_reaches_the_kernel(self):
        _, messages = self.k.run('var t = new IntSlider("t", 0, 10, 1); t')
        comm_id = self.k.opened(messages)["IntSliderModel"][0]["content"]["comm_id"]
        msg_id = self.k.send_change(comm_id, {"value": 7})
        under = self.k.until_idle(msg_id)
        self.assertEqual(under[0]["msg_type"], "status")
        self.assertEqual(under[0]["content"]["execution_state"], "busy")
        self.assertEqual(self.k.value("t.value()")["text/plain"], "7")

    def test_request_state_and_comm_info_bring_a_reloaded_page_its_widgets(self):
        _, messages = self.k.run('var d = new Dropdown("mode", List.of("a", "b", "c"), "b"); d')
        comm_id = self.k.opened(messages)["DropdownModel"][0]["content"]["comm_id"]
        state = self.k.opened(messages)["DropdownModel"][0]["content"]["data"]["state"]
        self.assertEqual((state["index"], state["_options_labels"]), (1, ["a", "b", "c"]))
        self.assertNotIn("value", state)
        info_id = self.k.comm("comm_info_request", {"target_name": "jupyter.widget"})
        reply = self.k.kc.get_shell_msg(timeout=10)
        while reply["parent_header"].get("msg_id") != info_id:
            reply = self.k.kc.get_shell_msg(timeout=10)
        self.assertIn(comm_id, reply["content"]["comms"])
        self.assertEqual(reply["content"]["comms"][comm_id]["target_name"], "jupyter.widget")
        self.k.send_change(comm_id, {"index": 2})
        msg_id = self.k.comm("comm_msg", {"comm_id": comm_id, "data": {"method": "request_state"}})
        updates = [m for m in self.k.until_idle(msg_id) if m["msg_type"] == "comm_msg"]
        self.assertEqual(updates[0]["content"]["data"]["method"], "update")
        full = updates[0]["content"]["data"]["state"]
        self.assertEqual((full["_model_name"], full["index"]), ("DropdownModel", 2))
        self.assertEqual(self.k.value("d.value()")["text/plain"], "c")

    def test_a_button_click_prints_into_an_output_under_the_click(self):
        _, messages = self.k.run(
            'var out = new Output(); var b = new Button("go"); var clicks = new int[1];\n'
            'b.onClick(() -> out.capture(() -> System.out.println("clicked " + (++clicks[0]))));\n'
            'new VBox(b, out)')
        opened = self.k.opened(messages)
        button = opened["ButtonModel"][0]["content"]["comm_id"]
        output = opened["OutputModel"][0]["content"]
        self.assertEqual(output["data"]["state"]["_model_module"], "@jupyter-widgets/output")
        msg_id = self.k.comm("comm_msg", {"comm_id": button, "data": {"method": "custom",
                                                                       "content": {"event": "click"}}})
        under = self.k.until_idle(msg_id)
        msg_ids = [m["content"]["data"]["state"]["msg_id"] for m in under
                   if m["msg_type"] == "comm_msg" and "msg_id" in m["content"]["data"].get("state", {})]
        self.assertEqual(msg_ids, [msg_id, ""], "the output is tagged with the click while the callback runs")
        streams = "".join(m["content"]["text"] for m in of_type(under, "stream"))
        self.assertEqual(streams, "clicked 1\n")

    def test_an_image_travels_as_a_binary_buffer(self):
        _, messages = self.k.run("new Image(new byte[] {(byte) 137, 80, 78, 71})")
        image = self.k.opened(messages)["ImageModel"][0]
        self.assertEqual(image["content"]["data"]["buffer_paths"], [["value"]])
        self.assertNotIn("value", image["content"]["data"]["state"])
        self.assertEqual(bytes(image["buffers"][0]), bytes([137, 80, 78, 71]))

    def test_a_burst_of_changes_runs_an_interact_once_more_with_the_latest_value(self):
        _, messages = self.k.run(
            'var n = new IntSlider("n", 0, 100, 0); var seen = new ArrayList<Integer>();\n'
            'var it = Interact.of(() -> { seen.add(n.value()); try { Thread.sleep(150); } '
            'catch (InterruptedException e) { } }, n); it')
        comm_id = self.k.opened(messages)["IntSliderModel"][0]["content"]["comm_id"]
        last = None
        for v in range(1, 51):
            last = self.k.send_change(comm_id, {"value": v})
        self.k.until_idle(last, timeout=60)
        seen = self.k.value("seen")["text/plain"]
        values = [int(x) for x in seen.strip("[]").split(",")]
        self.assertEqual(values[0], 0, "it runs once at creation")
        self.assertEqual(values[-1], 50, "the last change is never lost")
        self.assertLess(len(values), 20, f"50 changes at 150 ms each queued a backlog: {values}")

    def test_a_callback_that_throws_prints_and_the_kernel_lives_on(self):
        _, messages = self.k.run('var bad = new IntSlider("bad", 0, 5, 0);\n'
                                 'bad.onChange(v -> { throw new IllegalStateException("boom " + v); }); bad')
        comm_id = self.k.opened(messages)["IntSliderModel"][0]["content"]["comm_id"]
        under = self.k.until_idle(self.k.send_change(comm_id, {"value": 3}))
        self.assertIn("boom 3", "".join(m["content"]["text"] for m in of_type(under, "stream")))
        self.assertEqual(self.k.value("1 + 1")["text/plain"], "2")


class WidgetProtocol21Test(WidgetKernelTest):
    """ipywidgets 8's front end opens jupyter.widget.control: request_states, and echo_update for each change."""

    def test_control_comm_sends_every_state_and_changes_are_echoed(self):
        self.k.until_idle(self.k.comm("comm_open", {"comm_id": "ctl", "target_name": "jupyter.widget.control",
                                                    "data": {}}))
        _, messages = self.k.run('var c = new Checkbox("on", false); c')
        comm_id = self.k.opened(messages)["CheckboxModel"][0]["content"]["comm_id"]
        under = self.k.until_idle(self.k.send_change(comm_id, {"value": True}))
        echo = [m["content"]["data"] for m in under if m["msg_type"] == "comm_msg"]
        self.assertEqual(echo, [{"method": "echo_update", "state": {"value": True}, "buffer_paths": []}])
        under = self.k.until_idle(self.k.comm("comm_msg", {"comm_id": "ctl", "data": {"method": "request_states"}}))
        states = [m["content"]["data"] for m in under if m["msg_type"] == "comm_msg"][0]
        self.assertEqual(states["method"], "update_states")
        self.assertEqual(states["states"][comm_id]["model_name"], "CheckboxModel")
        self.assertTrue(states["states"][comm_id]["state"]["value"])


class WidgetProtocol1Test(WidgetKernelTest):
    """The classic Notebook's jupyter-js-widgets 2.1 announces itself: version 1."""

    @classmethod
    def announce(cls):
        under = cls.k.until_idle(cls.k.comm("comm_open", {"comm_id": "ver", "target_name": "jupyter.widget.version",
                                                          "data": {}}))
        cls.version_reply = [m["content"]["data"] for m in under if m["msg_type"] == "comm_msg"]

    def test_the_version_handshake_names_the_expected_front_end(self):
        self.assertEqual(self.version_reply, [{"version": "~2.1.4"}])

    def test_state_is_flat_and_a_display_message_shows_the_widget_in_its_cell(self):
        reply, messages = self.k.run('var s = new IntSlider("threshold", 0, 100, 50); s')
        slider = self.k.opened(messages)["IntSliderModel"][0]["content"]
        state = slider["data"]
        self.assertNotIn("state", state)
        self.assertEqual((state["_model_module"], state["_model_module_version"]), ("jupyter-js-widgets", "~2.1.4"))
        self.assertEqual(state["value"], 50)
        displays = [m for m in of_type(messages, "comm_msg") if m["content"]["data"] == {"method": "display"}]
        self.assertEqual([m["content"]["comm_id"] for m in displays], [slider["comm_id"]])
        self.assertEqual(displays[0]["parent_header"]["msg_type"], "execute_request")
        view = view_of(messages)
        self.assertEqual(view["application/vnd.jupyter.widget-view+json"], {"model_id": slider["comm_id"]})
        under = self.k.until_idle(self.k.send_change(slider["comm_id"], {"value": 12}, v1=True))
        self.assertEqual(under[0]["content"]["execution_state"], "busy")
        self.assertEqual(self.k.value("s.value()")["text/plain"], "12")

    def test_selections_travel_as_labels_and_images_as_base64(self):
        _, messages = self.k.run('var d = new Dropdown("mode", List.of("a", "b", "c"), "b"); d')
        state = self.k.opened(messages)["DropdownModel"][0]["content"]["data"]
        self.assertEqual(state["value"], "b")
        self.assertNotIn("index", state)
        self.k.until_idle(self.k.send_change(self.k.opened(messages)["DropdownModel"][0]["content"]["comm_id"],
                                             {"value": "c"}, v1=True))
        self.assertEqual(self.k.value("d.index()")["text/plain"], "2")
        _, messages = self.k.run("new Image(new byte[] {1, 2, 3})")
        image = self.k.opened(messages)["ImageModel"][0]["content"]["data"]
        self.assertEqual(image["_b64value"], "AQID")
        _, messages = self.k.run('new IntRangeSlider("r", 0, 10, 2, 5)')
        r = self.k.opened(messages)["IntSliderModel"][0]["content"]["data"]
        self.assertEqual((r["_range"], r["value"]), (True, [2, 5]))


if __name__ == "__main__":
    unittest.main()
