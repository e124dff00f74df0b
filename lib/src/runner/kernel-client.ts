/**
 * A minimal Jupyter client: starts the tslab kernel and speaks the Jupyter messaging protocol
 * (v5.3, https://jupyter-client.readthedocs.io/en/latest/messaging.html) to it over ZeroMQ.
 * No Python involved; tslab already depends on the `zeromq` package.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as zmq from "zeromq";
import type { Output } from "./notebook";

const DELIM = "<IDS|MSG>";

interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}
interface Message {
  header: Header;
  parent_header: Partial<Header>;
  metadata: Record<string, unknown>;
  content: any;
}

export interface CellResult {
  outputs: Output[];
  executionCount: number | null;
  status: "ok" | "error" | "abort";
  /** Text of the error (ename: evalue, or the kernel's stderr) when status is not ok. */
  error?: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface KernelOptions {
  /** Command that starts the kernel; "{connection_file}" is replaced. */
  argv: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Seconds to wait for the kernel to answer kernel_info. */
  startTimeout?: number;
}

export class KernelClient {
  private proc!: ChildProcess;
  private shell = new zmq.Dealer();
  private iopub = new zmq.Subscriber();
  private control = new zmq.Dealer();
  private key = randomBytes(16).toString("hex");
  private session = randomUUID();
  private connFile = "";
  private shellWaiters = new Map<string, (m: Message) => void>();
  private iopubListeners = new Map<string, (m: Message) => void>();
  private closed = false;
  private exitInfo: string | null = null;
  private stderrTail = "";

  static async start(opts: KernelOptions): Promise<KernelClient> {
    const k = new KernelClient();
    try {
      await k.launch(opts);
    } catch (e) {
      await k.shutdown(); // close the sockets and the process, or node never exits
      throw e;
    }
    return k;
  }

  private async launch(opts: KernelOptions): Promise<void> {
    const ports = { shell: 0, iopub: 0, stdin: 0, control: 0, hb: 0 };
    for (const p of Object.keys(ports) as (keyof typeof ports)[]) ports[p] = await freePort();
    this.connFile = path.join(os.tmpdir(), `isac-kernel-${this.session}.json`);
    fs.writeFileSync(
      this.connFile,
      JSON.stringify({
        transport: "tcp",
        ip: "127.0.0.1",
        shell_port: ports.shell,
        iopub_port: ports.iopub,
        stdin_port: ports.stdin,
        control_port: ports.control,
        hb_port: ports.hb,
        key: this.key,
        signature_scheme: "hmac-sha256",
        kernel_name: "tslab",
      }),
    );
    const argv = opts.argv.map((a) => a.replace("{connection_file}", this.connFile));
    this.proc = spawn(argv[0], argv.slice(1), { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    const keepTail = (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString()).slice(-4000);
    };
    this.proc.stdout!.on("data", keepTail);
    this.proc.stderr!.on("data", keepTail);
    this.proc.on("exit", (code, signal) => {
      this.exitInfo = `kernel process exited (code ${code}, signal ${signal})`;
      for (const w of this.shellWaiters.values()) w(this.fakeDeath());
    });

    const addr = (port: number) => `tcp://127.0.0.1:${port}`;
    this.shell.connect(addr(ports.shell));
    this.control.connect(addr(ports.control));
    this.iopub.connect(addr(ports.iopub));
    this.iopub.subscribe();
    void this.pump(this.shell, (m) => this.shellWaiters.get(m.parent_header.msg_id ?? "")?.(m));
    void this.pump(this.iopub, (m) => this.iopubListeners.get(m.parent_header.msg_id ?? "")?.(m));

    // Wait until the kernel answers on shell AND we see its iopub status for that request:
    // only then are iopub messages of the first cell sure to reach us (ZeroMQ's slow joiner).
    const deadline = Date.now() + (opts.startTimeout ?? 60) * 1000;
    for (;;) {
      if (this.exitInfo) throw new Error(`${this.exitInfo} before it was ready:\n${this.stderrTail}`);
      if (Date.now() > deadline) throw new Error(`kernel did not answer within ${opts.startTimeout ?? 60} s:\n${this.stderrTail}`);
      const msg = this.message("kernel_info_request", {});
      let sawIopub = false;
      this.iopubListeners.set(msg.header.msg_id, () => (sawIopub = true));
      const reply = await this.request(msg, 2000);
      await new Promise((r) => setTimeout(r, 50));
      this.iopubListeners.delete(msg.header.msg_id);
      if (reply && sawIopub) return;
    }
  }

  private fakeDeath(): Message {
    return { header: {} as Header, parent_header: {}, metadata: {}, content: { status: "dead" } };
  }

  private message(msgType: string, content: unknown): Message {
    return {
      header: {
        msg_id: randomUUID(),
        session: this.session,
        username: "isac",
        date: new Date().toISOString(),
        msg_type: msgType,
        version: "5.3",
      },
      parent_header: {},
      metadata: {},
      content,
    };
  }

  private sign(parts: string[]): string {
    const h = createHmac("sha256", this.key);
    for (const p of parts) h.update(p);
    return h.digest("hex");
  }

  private async send(sock: zmq.Dealer, m: Message): Promise<void> {
    const parts = [m.header, m.parent_header, m.metadata, m.content].map((x) => JSON.stringify(x));
    await sock.send([DELIM, this.sign(parts), ...parts]);
  }

  private async pump(sock: zmq.Dealer | zmq.Subscriber, onMessage: (m: Message) => void): Promise<void> {
    try {
      for await (const frames of sock) {
        const strs = frames.map((f) => f.toString());
        const i = strs.indexOf(DELIM);
        if (i < 0) continue;
        const [sig, ...parts] = strs.slice(i + 1, i + 6);
        if (sig !== this.sign(parts)) continue; // not from our kernel
        const [header, parent_header, metadata, content] = parts.map((p) => JSON.parse(p));
        onMessage({ header, parent_header, metadata, content });
      }
    } catch (e) {
      if (!this.closed) throw e;
    }
  }

  /** Sends a shell request and resolves with its reply, or null after `timeoutMs`. */
  private request(m: Message, timeoutMs: number): Promise<Message | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.shellWaiters.delete(m.header.msg_id);
        resolve(null);
      }, timeoutMs);
      this.shellWaiters.set(m.header.msg_id, (reply) => {
        clearTimeout(timer);
        this.shellWaiters.delete(m.header.msg_id);
        resolve(reply);
      });
      void this.send(this.shell, m);
    });
  }

  /**
   * Executes one cell and collects its outputs as nbformat outputs. Resolves when both the
   * execute_reply and the kernel's "idle" status for the request have arrived, or rejects after
   * `timeoutSec` (the kernel is then in an unknown state: shut it down).
   */
  execute(code: string, timeoutSec: number, onOutput?: (o: Output) => void): Promise<CellResult> {
    const msg = this.message("execute_request", {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    });
    const outputs: Output[] = [];
    const displayIndex = new Map<string, number[]>(); // display_id → output indices
    let clearPending = false;
    let stderrText = "";
    let errorText: string | undefined;
    const push = (o: Output, displayId?: string) => {
      if (clearPending) {
        outputs.length = 0;
        displayIndex.clear();
        clearPending = false;
      }
      const last = outputs[outputs.length - 1];
      if (o.output_type === "stream" && last?.output_type === "stream" && last.name === o.name) {
        last.text = (last.text as string) + (o.text as string);
      } else {
        outputs.push(o);
        if (displayId) displayIndex.set(displayId, [...(displayIndex.get(displayId) ?? []), outputs.length - 1]);
      }
      onOutput?.(o);
    };

    return new Promise((resolve, reject) => {
      let reply: Message | null = null;
      let idle = false;
      const finish = () => {
        if (!reply || !idle) return;
        clearTimeout(timer);
        this.iopubListeners.delete(msg.header.msg_id);
        this.shellWaiters.delete(msg.header.msg_id);
        const status = reply.content.status as CellResult["status"] | "dead";
        if (status === "dead") {
          reject(new Error(`${this.exitInfo ?? "kernel died"}\n${this.stderrTail}`));
          return;
        }
        const error = status === "ok" ? undefined : errorText ?? (stderrText.trim() || `execution ${status}`);
        resolve({ outputs, executionCount: reply.content.execution_count ?? null, status, error });
      };
      const timer = setTimeout(() => {
        this.iopubListeners.delete(msg.header.msg_id);
        this.shellWaiters.delete(msg.header.msg_id);
        reject(new Error(`timed out after ${timeoutSec} s`));
      }, timeoutSec * 1000);

      this.iopubListeners.set(msg.header.msg_id, (m) => {
        const c = m.content;
        switch (m.header.msg_type) {
          case "status":
            if (c.execution_state === "idle") {
              idle = true;
              finish();
            }
            break;
          case "stream":
            if (c.name === "stderr") stderrText += c.text;
            push({ output_type: "stream", name: c.name, text: c.text });
            break;
          case "display_data":
            push({ output_type: "display_data", data: c.data, metadata: c.metadata ?? {} }, c.transient?.display_id);
            break;
          case "update_display_data":
            for (const i of displayIndex.get(c.transient?.display_id) ?? []) {
              outputs[i] = { output_type: "display_data", data: c.data, metadata: c.metadata ?? {} };
            }
            break;
          case "execute_result":
            push({ output_type: "execute_result", execution_count: c.execution_count, data: c.data, metadata: c.metadata ?? {} });
            break;
          case "error":
            errorText = `${c.ename}: ${c.evalue}`;
            push({ output_type: "error", ename: c.ename, evalue: c.evalue, traceback: c.traceback ?? [] });
            break;
          case "clear_output":
            if (c.wait) clearPending = true;
            else {
              outputs.length = 0;
              displayIndex.clear();
            }
            break;
        }
      });
      this.shellWaiters.set(msg.header.msg_id, (m) => {
        reply = m;
        if (m.content.status === "dead") idle = true;
        finish();
      });
      void this.send(this.shell, msg);
    });
  }

  /** Asks the kernel to shut down, then makes sure the process is gone. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    if (!this.exitInfo) {
      await this.send(this.control, this.message("shutdown_request", { restart: false })).catch(() => {});
      const exited = new Promise<void>((r) => this.proc.once("exit", () => r()));
      const timeout = new Promise<void>((r) => setTimeout(r, 2000).unref());
      await Promise.race([exited, timeout]);
      if (!this.exitInfo) this.proc.kill("SIGKILL");
    }
    this.closed = true;
    for (const s of [this.shell, this.iopub, this.control]) {
      s.linger = 0; // the kernel is gone: drop what it will never read, or node never exits
      s.close();
    }
    fs.rmSync(this.connFile, { force: true });
  }
}
