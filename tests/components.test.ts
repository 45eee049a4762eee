/** Each component on its own: renderers and config, the Commands' scripts and probes run for real, components under mocks. */
import { runCases } from "./harness/areas";

runCases("components");
