"""Times the kit's real Jupyter kernel (kernels/tslab-kit) as a workshop participant meets it.

Run with Debian's Jupyter Python (it has jupyter_client):

    JUPYTER_PATH=<project root> /usr/bin/python3 bench/kernelProbe.py first-result <root>
    JUPYTER_PATH=<project root> /usr/bin/python3 bench/kernelProbe.py notebook <root> notebooks/03_baseline.ipynb

first-result: start a fresh kernel, wait until it answers (kernel_info), then run ONE cell that imports
feols and loadStudyPanel, loads the study panel and fits the baseline model clustered by city, and
prints a coefficient. Reports: kernel start → ready, that cell's time, kernel start → first result,
and the kernel process's resident set (VmRSS, /proc) after the fit and its peak (VmHWM).

notebook: start a fresh kernel and run every code cell of the notebook in order. Reports the first
cell's time, the whole notebook's, and VmRSS/VmHWM at the end.

Times are wall clock from this process (time.perf_counter), i.e. what the participant waits for,
including the messaging. "Ready" is the arrival of the kernel's kernel_info reply, the moment JupyterLab
shows the kernel idle; jupyter_client's wait_for_ready would add its own 0.2 s pauses on IOPub (see
wait_for_kernel_info). The kernel's process is the `node .../launch.js` that Jupyter starts (argv
of kernels/tslab-kit/kernel.json); memory sums it and any children. One JSON object on stdout.
"""
import json
import os
import sys
import time

from jupyter_client.manager import KernelManager

FIRST_RESULT_CELL = """import { feols } from "./lib/index";
import { loadStudyPanel } from "./lib/study/index";
const panel = loadStudyPanel();
const fit = feols("shrink ~ ai + lnpgdp + gov + fin + open + hc + infra + density | code + year", panel, { vcov: { cluster: "code" } });
console.log(`ai: ${fit.coef.ai} (se ${fit.se.ai})`);
"""


def proc_tree(pid):
    """The pid and its descendants (Linux /proc)."""
    pids = [pid]
    for p in pids:
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                pids.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return pids


def memory_mb(pid):
    """VmRSS and VmHWM (peak) in MB, summed over the kernel's process tree."""
    rss = hwm = 0
    for p in proc_tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1])
                    elif line.startswith("VmHWM:"):
                        hwm += int(line.split()[1])
        except OSError:
            pass
    return {"rssMB": round(rss / 1024, 1), "peakRssMB": round(hwm / 1024, 1)}


def cpu_seconds(pid):
    """User + system CPU seconds of the kernel's process tree so far (/proc/<pid>/stat)."""
    ticks = 0
    for p in proc_tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def run_cell(client, code, timeout=600):
    """Executes a cell; returns (seconds, stdout text, stderr/error text)."""
    start = time.perf_counter()
    msg_id = client.execute(code, stop_on_error=True)
    out, err = [], []
    while True:
        msg = client.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            (out if content["name"] == "stdout" else err).append(content["text"])
        elif kind == "error":
            err.append(f"{content['ename']}: {content['evalue']}")
        elif kind == "status" and content["execution_state"] == "idle":
            break
    reply = client.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = client.get_shell_msg(timeout=timeout)
    seconds = time.perf_counter() - start
    if reply["content"]["status"] != "ok":
        err.append(f"status {reply['content']['status']}")
    return seconds, "".join(out), "".join(err)


def wait_for_kernel_info(client, timeout=120):
    """Sends kernel_info and waits for its reply on the shell channel, as JupyterLab does on connecting.

    jupyter_client's own wait_for_ready also waits for IOPub to stay silent for 0.2 s after the reply
    (twice over, in 7.x), a pause of the client's that no frontend makes the participant wait for; the
    time here is the kernel's answer itself. Replies to earlier requests, if any, are skipped.
    """
    msg_id = client.kernel_info()
    deadline = time.perf_counter() + timeout
    while True:
        reply = client.get_shell_msg(timeout=max(0.01, deadline - time.perf_counter()))
        if reply["parent_header"].get("msg_id") == msg_id and reply["msg_type"] == "kernel_info_reply":
            return


def start(root):
    """Starts the kit's kernel; returns (manager, client, seconds until it answers kernel_info)."""
    t0 = time.perf_counter()
    km = KernelManager(kernel_name="tslab-kit")
    km.start_kernel(cwd=root)
    client = km.client()
    client.start_channels()
    wait_for_kernel_info(client)
    return km, client, time.perf_counter() - t0


def kernel_pid(km):
    return km.provisioner.process.pid


def first_result(root):
    km, client, ready = start(root)
    try:
        pid = kernel_pid(km)
        cpu_ready = cpu_seconds(pid)
        cell, out, err = run_cell(client, FIRST_RESULT_CELL)
        return {"startToReady": ready, "firstCell": cell, "startToFirstResult": ready + cell,
                "cpuToReady": cpu_ready, "cpuToFirstResult": cpu_seconds(pid),
                "output": out.strip(), "error": err.strip() or None, **memory_mb(kernel_pid(km))}
    finally:
        client.stop_channels()
        km.shutdown_kernel(now=True)


def notebook(root, path):
    with open(os.path.join(root, path)) as f:
        cells = [c for c in json.load(f)["cells"] if c["cell_type"] == "code"]
    km, client, ready = start(root)
    try:
        times, errors = [], []
        for cell in cells:
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            seconds, _, err = run_cell(client, src)
            times.append(seconds)
            if err and "raises-exception" not in cell.get("metadata", {}).get("tags", []):
                errors.append(err[:300])
        return {"notebook": path, "startToReady": ready, "firstCell": times[0], "cells": len(times),
                "cpuSeconds": cpu_seconds(kernel_pid(km)),
                "notebookSeconds": sum(times), "errors": errors, **memory_mb(kernel_pid(km))}
    finally:
        client.stop_channels()
        km.shutdown_kernel(now=True)


def main(argv):
    mode, root = argv[1], os.path.abspath(argv[2])
    load = os.getloadavg()
    result = first_result(root) if mode == "first-result" else notebook(root, argv[3])
    result["loadAtStart"] = [round(x, 2) for x in load]
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
