// Two repairs to tslab 1.0.22's side of the Jupyter messaging protocol, applied by launch.js to the
// project's tslab (node_modules/tslab/dist/jupyter.js) before the kernel starts.
"use strict";

/**
 * tslab never publishes `execute_input`, the message that carries a cell's execution count to the
 * front end while it runs; nbconvert and nbclient take the count from it alone, so every executed
 * notebook had `execution_count: null`. This publishes it, on the iopub channel with the request as
 * parent, with the count tslab is about to give the request (it counts when the request leaves its
 * queue, not when it arrives, so the message is sent from there).
 */
function publishExecuteInput(jupyter) {
  const { ZmqServer, JupyterHandlerImpl } = jupyter;
  const announce = Symbol("tslab-kit: publish execute_input");
  const serverHandleExecute = ZmqServer.prototype.handleExecute;
  ZmqServer.prototype.handleExecute = function (sock, msg) {
    const server = this;
    Object.defineProperty(msg.content, announce, {
      value(count) {
        const input = msg.createReply();
        input.header.msg_type = "execute_input";
        input.content = { code: msg.content.code, execution_count: count };
        input.signAndSend(server.connInfo.key, server.iopub);
      },
    });
    return serverHandleExecute.call(this, sock, msg);
  };
  const handleExecuteImpl = JupyterHandlerImpl.prototype.handleExecuteImpl;
  JupyterHandlerImpl.prototype.handleExecuteImpl = function (req, writeStream, writeDisplayData) {
    // handleExecuteImpl counts with ++this.execCount before its first await. A silent request is not announced.
    if (typeof req[announce] === "function" && !req.silent) req[announce](this.execCount + 1);
    return handleExecuteImpl.call(this, req, writeStream, writeDisplayData);
  };
}

/**
 * tslab aborts every request queued behind a failing cell (its task queue stays rejected for
 * 200 ms), whatever the request's `stop_on_error` says. nbconvert sends the next cell as soon as the
 * reply arrives, with `stop_on_error: false` for a cell tagged "raises-exception" or under
 * --allow-errors, so the cell after an expected error was silently skipped. A request with
 * `stop_on_error: false` now fails alone; every other request keeps tslab's behaviour.
 */
function honourStopOnError(jupyter, util) {
  const { JupyterHandlerImpl } = jupyter;
  const handleExecute = JupyterHandlerImpl.prototype.handleExecute;
  const isExecutionCount = (e) => e != null && typeof e === "object" && e.constructor && e.constructor.name === "ExecutionCount";
  JupyterHandlerImpl.prototype.handleExecute = async function (req, writeStream, writeDisplayData) {
    if (!req || req.stop_on_error !== false) return handleExecute.call(this, req, writeStream, writeDisplayData);
    try {
      const done = await this.execQueue.add(() =>
        this.handleExecuteImpl(req, writeStream, writeDisplayData).then(
          (count) => ({ status: "ok", count }),
          (e) => {
            if (isExecutionCount(e)) return { status: "error", count: e };
            throw e;
          },
        ),
      );
      return { status: done.status, execution_count: done.count ? done.count.count : undefined };
    } catch (e) {
      if (e instanceof util.TaskCanceledError) return { status: "abort", execution_count: undefined };
      console.error("unexpected error:", e);
      this.execQueue.reset(200);
      return { status: "error", execution_count: undefined };
    }
  };
}

module.exports = { publishExecuteInput, honourStopOnError };
