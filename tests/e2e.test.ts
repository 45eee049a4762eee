/** The e2e lane, the e2e:objects check and the toolchain build: their logic, stand-ins and reports. */
import { runCases } from "./harness/areas";

runCases("e2e");
