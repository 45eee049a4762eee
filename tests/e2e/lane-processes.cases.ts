import { Processes } from "../../tools/e2e/lane/processes";

const env = { PATH: process.env.PATH };

describe("the lane's processes", () => {
  test("a command's exit status and output, interleaved and apart", async () => {
    const processes = new Processes();
    const result = await processes.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"], {
      env,
      timeoutMs: 10_000,
    });
    expect(result).toMatchObject({ code: 3, stdout: "out\n", stderr: "err\n", timedOut: false });
    expect(result.output).toContain("out\n");
    expect(result.output).toContain("err\n");
  });

  test("a command past its ceiling is stopped and says so", async () => {
    const processes = new Processes();
    const result = await processes.run("/bin/sh", ["-c", "sleep 60"], { env, timeoutMs: 200 });
    expect(result.timedOut).toBe(true);
    expect(result.code).not.toBe(0);
  });

  test("stopAll stops what runs, with whatever it started, then runs cleanups last-registered first", async () => {
    const processes = new Processes();
    const order: string[] = [];
    processes.onCleanup("first", () => void order.push("first"));
    processes.onCleanup("second", async () => {
      const cleanup = await processes.run("/bin/sh", ["-c", "echo cleaned"], {
        env,
        timeoutMs: 10_000,
        cleanup: true,
      });
      order.push(`second: ${cleanup.stdout.trim()}`);
    });
    processes.onCleanup("broken", () => {
      throw new Error("cluster still there");
    });
    const running = processes.run("/bin/sh", ["-c", "sleep 60 & wait"], { env, timeoutMs: 60_000 });
    const problems = await processes.stopAll();
    const result = await running;
    expect(result.code).not.toBe(0);
    expect(problems).toEqual(['cleanup "broken" failed: cluster still there']);
    expect(order).toEqual(["second: cleaned", "first"]);
  });

  test("after stopAll nothing new starts, except cleanups", async () => {
    const processes = new Processes();
    await processes.stopAll();
    const refused = await processes.run("/bin/sh", ["-c", "echo ran"], { env, timeoutMs: 10_000 });
    expect(refused.code).toBeNull();
    expect(refused.output).toContain("not started: the lane is stopping");
    expect(processes.stopping).toBe(true);
  });
});
