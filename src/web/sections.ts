import type { Role, Section } from '../shared/roles.js';

export const sectionPaths: Record<Section, string> = {
  workbench: '/workbench',
  tickets: '/tickets',
  calls: '/calls',
  qa: '/qa',
  reports: '/reports',
  knowledge: '/knowledge',
  standards: '/standards',
  settings: '/settings',
};

/** The staffing page (排班, under 报表) is for those who plan the rota: the roles GET /api/staffing/forecast admits. */
export const STAFFING_PATH = '/reports/staffing';
export const canPlanStaffing = (role: string): boolean => role === 'admin' || role === 'manager' || role === 'lead';

/** The wall screen (大屏) is for those who run the floor: the roles GET /api/wallboard admits. */
export const WALLBOARD_PATH = '/wallboard';
export const canViewWallboard = (role: string): boolean => role === 'admin' || role === 'manager' || role === 'lead';

/** Pages of their own in the menu besides the sections. */
export type Extra = 'wallboard' | 'staffing';
export type MenuEntry = { kind: 'section'; key: Section; path: string } | { kind: 'extra'; key: Extra; path: string };

/** The main menu of a role, in order: its sections, with the wallboard and staffing pages after 报表 where the role may open them. */
export function menuOf(role: Role | string, sections: readonly Section[]): MenuEntry[] {
  return sections.flatMap((s): MenuEntry[] => [
    { kind: 'section', key: s, path: sectionPaths[s] },
    ...(s === 'reports' && canViewWallboard(role) ? [{ kind: 'extra' as const, key: 'wallboard' as const, path: WALLBOARD_PATH }] : []),
    ...(s === 'reports' && canPlanStaffing(role) ? [{ kind: 'extra' as const, key: 'staffing' as const, path: STAFFING_PATH }] : []),
  ]);
}

/** Where each role starts: where its work is. A lead watches the floor, a manager the figures, an inspector the QA queue. */
const landing: Record<Role, string> = {
  agent: sectionPaths.workbench,
  lead: WALLBOARD_PATH,
  manager: sectionPaths.reports,
  inspector: sectionPaths.qa,
  department: sectionPaths.tickets,
  admin: sectionPaths.settings,
};

export function landingOf(role: Role, sections: readonly Section[]): string {
  const path = landing[role];
  const allowed = menuOf(role, sections).some((m) => m.path === path);
  return allowed ? path : sectionPaths[sections[0] ?? 'workbench'];
}
