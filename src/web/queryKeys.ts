/**
 * Every TanStack Query key of the browser app, one factory per resource. A key starts with its resource, so
 * invalidating a shorter key refreshes everything under it: `keys.ticket.one(id)` also refreshes that ticket's
 * contacts and arrival, `keys.tickets.all` every list and count of tickets. Pages, mutations and the live feed
 * (src/web/live.tsx) take their keys from here only; lint refuses an array literal as a query key elsewhere
 * (eslint.config.js), so an invalidation cannot miss a query by spelling its key differently.
 */
export const keys = {
  me: ['me'] as const,
  users: ['users'] as const,
  audit: ['audit'] as const,
  permissions: ['permissions'] as const,
  retention: ['retention'] as const,
  /** The hotline's list of numbers that declined texts to callers (退订). */
  callerTextOptOuts: ['caller-texts', 'opt-outs'] as const,
  orgProfile: ['org', 'profile'] as const,
  notifications: ['notifications'] as const,
  departments: ['departments'] as const,
  wallboard: ['wallboard'] as const,

  /** The organisation's calendar and whether it covers this year and the next. */
  sla: {
    all: ['sla'] as const,
    coverage: ['sla', 'coverage'] as const,
    calendar: ['sla', 'calendar'] as const,
  },

  /** Lists and counts of tickets. */
  tickets: {
    all: ['tickets'] as const,
    list: (query: string, page: number) => ['tickets', query, page] as const,
    callbackTasks: (states: string) => ['tickets', 'callback-tasks', states] as const,
    departmentStats: (from: string, to: string) => ['tickets', 'department-stats', from, to] as const,
    commitmentStats: (from: string, to: string) => ['tickets', 'commitment-stats', from, to] as const,
  },
  /** One ticket and what hangs off it. */
  ticket: {
    all: ['ticket'] as const,
    one: (id: string) => ['ticket', id] as const,
    contacts: (id: string) => ['ticket', id, 'contacts'] as const,
    arrival: (id: string) => ['ticket', id, 'arrival'] as const,
    texts: (id: string) => ['ticket', id, 'texts'] as const,
  },
  savedFilters: ['ticket-filters'] as const,

  calls: {
    all: ['calls'] as const,
    list: (query: string, page: number) => ['calls', 'list', query, page] as const,
    one: (id: string) => ['calls', 'one', id] as const,
    pop: (id: string) => ['calls', 'pop', id] as const,
  },
  agents: {
    all: ['agents'] as const,
    myState: ['agents', 'me', 'state'] as const,
    board: ['agents', 'board'] as const,
    /** Every agent's state log (the live feed refreshes them all). */
    stateLogs: ['agents', 'states'] as const,
    stateLog: (agentNo: string) => ['agents', 'states', agentNo] as const,
  },
  queues: ['queues'] as const,
  callbacks: {
    all: ['callbacks'] as const,
    list: (status: string) => ['callbacks', status] as const,
  },
  ctiConnections: ['cti', 'connections'] as const,
  workbench: {
    current: ['workbench', 'current'] as const,
  },

  standards: {
    all: ['standards'] as const,
    active: ['standards', 'active'] as const,
    versions: ['standards', 'versions'] as const,
    diff: (from: number | undefined, to: number | undefined) => ['standards', 'diff', from, to] as const,
  },
  qa: {
    all: ['qa'] as const,
    results: (query: string, page: number) => ['qa', 'results', query, page] as const,
    trend: (query: string) => ['qa', 'trend', query] as const,
    teams: ['qa', 'teams'] as const,
    calibration: ['qa', 'calibration'] as const,
    card: (id: string) => ['qa', 'card', id] as const,
  },
  knowledge: {
    all: ['knowledge'] as const,
    list: (params: object) => ['knowledge', 'list', params] as const,
    article: (id: string | undefined) => ['knowledge', 'article', id] as const,
    versions: (id: string) => ['knowledge', 'versions', id] as const,
    suggest: (scenarioIds: readonly string[], q: string, limit: number) => ['knowledge', 'suggest', scenarioIds, q, limit] as const,
  },
  reports: {
    kpi: (query: string) => ['reports-kpi', query] as const,
  },
  staffing: {
    forecast: (query: string) => ['staffing-forecast', query] as const,
    publicHotline: (slug: string) => ['public-hotline', slug] as const,
  },
};
