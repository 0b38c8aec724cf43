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
