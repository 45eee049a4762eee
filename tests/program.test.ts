/** The whole program under mocks: the walkthrough, ordering, secrets, every mode and combination; and the mock harness. */
import { runCases } from "./harness/areas";

runCases("program");
