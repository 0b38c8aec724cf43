/**
 * Believable demo calls for the QA pages until the CTI simulator feeds real ones:
 * a 12345 hotline's typical requests, answered mostly by the book, with the usual
 * mistakes at a realistic rate (missing 工号, no apology after a long ring, a hold
 * without consent, a promise without a time, a curt closing, now and then a taboo).
 * Deterministic: the same seed gives the same calls.
 */
export interface DemoAgent {
  id: string;
  name: string;
}

const requests = [
  ['我们小区从昨天晚上开始停水,到现在还没来,什么时候能恢复?', '停水'],
  ['我家楼下的路灯坏了一个多星期了,晚上特别黑,能不能派人修一下?', '路灯'],
  ['隔壁工地晚上十一点还在施工,吵得根本睡不着。', '噪音'],
  ['我想问一下住房公积金提取需要带哪些材料?', '公积金'],
  ['我在超市买的牛奶过期了,商家不给退,我要投诉。', '消费投诉'],
  ['公交车到站不停,我等了半个多小时,太不像话了!', '公交'],
  ['你們這個熱線打了三次都沒人解決,到底管不管?', '重复来电'],
  ['孩子上学的学籍转入要找哪个部门办理?', '教育咨询'],
] as const;

const answers: Record<string, string[]> = {
  停水: ['我帮您查一下,您所在片区今天在抢修主管道,预计今天下午六点前恢复供水。', '这个情况我记录下来,转给市水务局处理,他们会在两个工作日内联系您。'],
  路灯: ['好的,我记下了具体位置,会派给市住建局,三个工作日内安排维修。'],
  噪音: ['夜间施工扰民确实影响休息,我马上把情况转给城管部门,今晚十点前会有人到现场核查。'],
  公积金: ['提取需要身份证、银行卡和相关证明材料,具体清单我稍后给您发短信。'],
  消费投诉: ['这件事我帮您登记为消费投诉,转市场监管局处理,五个工作日内给您答复。'],
  公交: ['非常抱歉给您带来不便,我把线路和时间记录下来,转交通运输局核查,三个工作日内回复您。'],
  重复来电: ['让您反复来电,真是对不起,我查到您之前的工单,现在给您加急督办,明天中午十二点前给您回电。'],
  教育咨询: ['学籍转入由区教育局负责,我把他们的办事地址和电话告诉您。'],
};

const taboos = ['这个不归我们管,你自己去问吧。', '我都说了好几遍了,你怎么还听不懂?', '不知道,系统就是这样。'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

export function demoTranscripts(opts: { org: string; agents: DemoAgent[]; count: number; days: number; now: Date; seed?: number }): object[] {
  const r = rng(opts.seed ?? 12345);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const calls: object[] = [];
  for (let i = 0; i < opts.count; i++) {
    const agent = pick(opts.agents);
    const dayOffset = Math.floor(r() * opts.days);
    const started = new Date(opts.now.getTime() - dayOffset * 86_400_000 - Math.floor(r() * 8 * 3_600_000) - 3_600_000);
    const rings = r() < 0.15 ? 5 : 1 + Math.floor(r() * 3);
    const [ask, topic] = pick(requests);
    const segs: Array<{ speaker: 'agent' | 'customer'; text: string; gap?: number }> = [];
    const sloppy = r() < 0.3;
    const greet = sloppy && r() < 0.4 ? '您好,请讲。' : `您好${rings > 3 ? ',让您久等了' : ''},${opts.org},${agent.id}号为您服务,请问有什么可以帮您?`;
    segs.push({ speaker: 'agent', text: greet });
    segs.push({ speaker: 'customer', text: ask });
    const angry = /太不像话|到底管不管|投诉|还没来/.test(ask);
    if (angry) segs.push({ speaker: 'agent', text: sloppy ? '嗯,你说。' : '非常理解您的心情,给您添麻烦了,我马上帮您处理。' });
    const hold = r() < 0.3;
    if (hold) segs.push({ speaker: 'agent', text: sloppy ? '我查一下。' : '我需要查询一下相关信息,请您稍等一分钟好吗?' });
    if (hold) segs.push({ speaker: 'customer', text: '好的。' });
    let answer = pick(answers[topic] ?? ['好的,我来帮您处理。']);
    if (sloppy && r() < 0.3) answer = answer.replace(/[,,]?(预计)?[^,,。]*(前|内)[^。]*/, ',我们会尽快处理');
    segs.push({ speaker: 'agent', text: answer, ...(hold ? { gap: 20_000 + Math.floor(r() * 25_000) } : {}) });
    if (hold) segs[segs.length - 1]!.text = `${sloppy ? '' : '感谢您的耐心等待,'}${answer}`;
    if (r() < 0.06) segs.push({ speaker: 'agent', text: pick(taboos) });
    segs.push({ speaker: 'customer', text: pick(['好的,谢谢。', '那行吧。', '明白了。', '嗯,知道了。']) });
    if (/工作日|点前|一分钟/.test(answer) && !sloppy) segs.push({ speaker: 'agent', text: `跟您确认一下,您反映的是${topic}的问题,联系电话就是您现在这个号码,对吗?` });
    if (!sloppy || r() < 0.5) segs.push({ speaker: 'agent', text: '请问还有其他可以帮您的吗?' });
    segs.push({ speaker: 'customer', text: '没有了。' });
    segs.push({ speaker: 'agent', text: sloppy && r() < 0.5 ? '好。' : '感谢您的来电,祝您生活愉快,再见!' });

    let t = 300;
    const segments: Array<{ speaker: string; start: number; end: number; text: string }> = [];
    const events: Array<Record<string, unknown>> = [];
    for (const s of segs) {
      if (s.gap) {
        events.push({ type: 'hold', at: t + 500 }, { type: 'resume', at: t + 500 + s.gap });
        t += s.gap + 1500;
      }
      const ms = Math.round((s.text.length / (3.2 + r() * 0.8)) * 1000);
      segments.push({ speaker: s.speaker, start: t, end: t + ms, text: s.text });
      t += ms + 400 + Math.floor(r() * 1200);
    }
    events.push({ type: 'hangup', at: t + 800, by: sloppy && r() < 0.3 ? 'agent' : 'customer' });
    calls.push({
      id: `DEMO-${started.toISOString().slice(0, 10).replace(/-/g, '')}-${String(i + 1).padStart(4, '0')}`,
      org: opts.org,
      agent,
      caller: `13${String(100000000 + Math.floor(r() * 899999999)).slice(0, 9)}`,
      startedAt: started.toISOString(),
      ringMs: rings * 5000 - 1000,
      events,
      segments,
    });
  }
  return calls;
}
