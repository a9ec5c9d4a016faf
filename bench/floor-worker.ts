/**
 * A worker thread that builds floor contracts on request, so that the floor can be spread
 * over every core. It parses its keys and builds one contract before it says it is ready.
 */
import { parentPort, workerData } from "node:worker_threads";
import { floorContract, floorInput } from "./floor";

const { certificate, signingKey, workloadText, envText } = workerData as Record<string, string>;
const input = floorInput(certificate, signingKey, workloadText, envText);
floorContract(input);
parentPort!.on("message", (count: number) => {
    for (let i = 0; i < count; i++) floorContract(input);
    parentPort!.postMessage("done");
});
parentPort!.postMessage("ready");
