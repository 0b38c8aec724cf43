/** A valid 求助 (help) ticket of the demo pack (government-12345): every field its category requires. */
export const helpTicket = {
  category: 'help',
  subCategory: 'utilities',
  callerName: '张三',
  callerPhone: '13812345678',
  address: '星河市滨江区望江路 8 号',
  description: '小区停水两天，物业说是市政管网维修，不知道什么时候恢复',
  title: '望江路小区停水',
};
