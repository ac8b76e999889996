// The demo hospital's campuses and post types by name, in Chinese and English. Documents name departments
// (the library does) but carry only the codes of sites and post types, so the demo names these itself.
import type { LocalNames } from '@app/scoring';

export const DEMO_SITE_NAMES: Readonly<Record<string, LocalNames>> = {
  CC: { zh: '长春院区', en: 'Changchun campus' },
  SY: { zh: '沈阳院区', en: 'Shenyang campus' },
};

/** One post type per indicator set of the library (the demo gives each post the set of the same code). */
export const DEMO_POST_TYPE_NAMES: Readonly<Record<string, LocalNames>> = {
  MAINT: { zh: '维修工', en: 'Maintenance technician' },
  CLEAN: { zh: '保洁员', en: 'Cleaner' },
  SECURITY: { zh: '保安员', en: 'Security officer' },
  CATERING: { zh: '餐饮服务员', en: 'Catering staff' },
  PORTER: { zh: '运送员', en: 'Porter' },
  ENERGY: { zh: '能源动力运行工', en: 'Energy and plant-room operator' },
  ADMIN: { zh: '后勤管理及采购员', en: 'Logistics administrator and buyer' },
};
