/** doctor, verify, the stack wrapper, and the project's files and docs. */
import { runCases } from "./harness/areas";

runCases("tools");
