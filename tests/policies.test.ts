/** The policy pack: each rule's checks, its config, and the pack run over captured stacks. */
import { runCases } from "./harness/areas";

runCases("policies");
