"""Executes notebooks headless on the ISP-AD Lab kernel and names the notebook and cell that failed.

    notebooks.py execute [--html] --out DIR NOTEBOOK.ipynb...

Executed copies (and HTML reports with --html) go to DIR; the notebooks themselves stay untouched.
Exit status 1 when any cell of any notebook fails.
"""
import argparse
import os
import shutil
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

KERNEL = "ispad-java"
# The renderer of saved widget state (protocol 2, ipywidgets 8's models), installed from npm by environment/lab and
# copied beside the reports, so a report shows its widgets at their last state with no network.
WIDGET_RENDERER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node_modules", "@jupyter-widgets",
                               "html-manager", "dist")


def failing_cell(nb):
    """The index and cell whose output holds the error, if any."""
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return index, cell
    return None, None


def execute(path, out_dir, html, timeout):
    nb = nbformat.read(path, as_version=4)
    name = os.path.basename(path)
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=timeout, allow_errors=False,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    started = time.perf_counter()
    error = None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as e:
        error = e
    seconds = time.perf_counter() - started
    os.makedirs(out_dir, exist_ok=True)
    nbformat.write(nb, os.path.join(out_dir, name))
    if html:
        from nbconvert import HTMLExporter
        exporter = HTMLExporter()
        if "widgets" in nb.metadata:  # nbclient saved the widgets' last state (store_widget_state)
            exporter.widget_renderer_url = "widgets/embed-amd.js"
            shutil.copytree(WIDGET_RENDERER, os.path.join(out_dir, "widgets"), dirs_exist_ok=True)
        # the name and path key the notebook's metadata inside nbconvert: without them it finds no widget state and
        # leaves every widget out of the report
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name[:-len(".ipynb")],
                                                                          "path": out_dir}})
        with open(os.path.join(out_dir, name.replace(".ipynb", ".html")), "w", encoding="utf-8") as f:
            f.write(body)
    if error is None:
        print(f"  ok    {name}  ({seconds:.1f} s, {len(nb.cells)} cells)", flush=True)
        return True
    index, cell = failing_cell(nb)
    where = f"cell {index + 1} of {len(nb.cells)}" if index is not None else "a cell (timed out)"
    print(f"  FAIL  {name}: {where}", flush=True)
    if cell is not None:
        print("        source:\n" + "\n".join("          " + l for l in cell.source.splitlines()), flush=True)
        for output in cell.outputs:
            if output.get("output_type") == "error":
                print("        error:\n" + "\n".join("          " + l for l in output.get("traceback", [])))
    else:
        print("        " + str(error).splitlines()[0])
    print(f"        executed copy: {os.path.join(out_dir, name)}", flush=True)
    return False


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("execute")
    run.add_argument("--out", required=True)
    run.add_argument("--html", action="store_true")
    run.add_argument("--timeout", type=int, default=1800, help="seconds per cell")
    run.add_argument("notebooks", nargs="+")
    args = parser.parse_args()
    results = [execute(p, args.out, args.html, args.timeout) for p in sorted(args.notebooks)]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
