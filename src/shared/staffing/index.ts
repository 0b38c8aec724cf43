/** Staffing arithmetic (Erlang B, C and A; pure, see docs/staffing.md). */
export {
  erlangAAgentsFor,
  erlangAMetrics,
  erlangB,
  erlangC,
  erlangCAgentsFor,
  erlangCMetrics,
  scheduledAgents,
  StaffingError,
  trafficIntensity,
  type ErlangAMetrics,
  type ErlangAParams,
  type ErlangCParams,
  type StaffingMetrics,
  type TargetParams,
} from './erlang.js';
