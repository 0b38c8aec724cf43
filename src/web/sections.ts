import type { Section } from '../shared/roles.js';

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
