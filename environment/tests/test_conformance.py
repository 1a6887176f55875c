"""The Jupyter kernel conformance suite (Debian's python3-jupyter-kernel-test) run on the ISP-AD Lab kernel."""
import unittest

import jupyter_kernel_test


class JavaKernelConformance(jupyter_kernel_test.KernelTests):
    kernel_name = "ispad-java"
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'
    code_generate_error = 'throw new IllegalStateException("boom");'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"ab".repeat(2)', "result": "abab"},
    ]
    code_display_data = [
        {"code": 'display(html("<b>bold</b>"));', "mime": "text/html"},
        {"code": 'display(markdown("*md*"));', "mime": "text/markdown"},
    ]
    completion_samples = [
        {"text": "Math.absE", "matches": {"absExact("}},
        {"text": "String.valueO", "matches": {"valueOf("}},
    ]
    complete_code_samples = ["int x = 1;", "System.out.println(1);", ""]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "int f(int a) {"]
    code_inspect_sample = "Math.abs"


if __name__ == "__main__":
    unittest.main()
