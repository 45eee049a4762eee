export {
  enrolmentLabels,
  DATAPLANE_MODE_LABEL,
  USE_WAYPOINT_LABEL,
  INJECTION_LABEL,
  WAYPOINT_NAME,
} from "./enrolment";
export { renderWaypoint, HBONE_PORT } from "./waypoint";
export { Waypoints, type WaypointsArgs } from "./waypoints";
