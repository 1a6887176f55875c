"""Prints the kernel.json of the ISP-AD Lab Java kernel:
kernelspec.py SPEC_DIR JAVA LAB_DIR SIM_DIR RESULTS_DIR WEIGHTS_DIR [PRELOAD [JVM_OPTIONS]]."""
import json
import os
import sys

spec_dir, java, lab, sim_dir, results_dir, weights_dir = sys.argv[1:7]
# the libraries every lab JVM preloads, separated by spaces (PRELOAD in environment/lab); those present
preload = " ".join(p for p in (sys.argv[7] if len(sys.argv) > 7 else "").split() if os.path.exists(p))
# the options of every lab JVM that runs the network (JVM_OPTIONS in environment/lab), separated by spaces
argv = [java] + (sys.argv[8].split() if len(sys.argv) > 8 else [])
if os.path.exists(os.path.join(spec_dir, "kernel.jsa")):
    # class data of a kernel that ran a cell, made by `environment/lab` for exactly this class path
    argv += ["-XX:SharedArchiveFile={resource_dir}/kernel.jsa", "-Xshare:auto"]
argv += ["-cp", "{resource_dir}/lib/*", "org.ispadlab.kernel.KernelMain", "{connection_file}"]
env = {
    "DJL_OFFLINE": "true",
    "OPT_OUT_TRACKING": "true",
    "DJL_CACHE_DIR": lab + "/djl-cache",
    "ISPAD_SIM_DIR": sim_dir,
    "ISPAD_RESULTS_DIR": results_dir,
    "ISPAD_WEIGHTS_DIR": weights_dir,
}
if preload:
    env["LD_PRELOAD"] = preload
print(json.dumps({
    "argv": argv,
    "display_name": "Java (ISP-AD Lab)",
    "language": "java",
    # a JVM ends on SIGINT: interrupts must come as messages on the control channel
    "interrupt_mode": "message",
    "env": env,
    "metadata": {"debugger": False},
}, indent=2))
