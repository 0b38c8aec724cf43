/**
 * What simulated callers say, and the agent's own small lines between the pack's
 * scripts. Written for a municipal 12345 line in a fictional 江城市; the facts follow
 * the seeds (what people call about, how agents ask and confirm), the wording is ours.
 *
 * Caller lines that are not meant to sound upset avoid the QA engine's dissatisfaction
 * words (没人管, 还没解决 …), so a calm caller does not demand an apology.
 */

export const surnames = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];

/** Names for agents generated from a count (`--agents 8`). */
export const agentNames = ['李娜', '陈刚', '孙悦', '周航', '王芳', '刘洋', '张敏', '赵磊', '杨丽', '黄涛', '吴静', '徐鹏', '朱琳', '胡军', '郭婷', '马超', '林晓', '何平', '高翔', '罗佳'];

export const districts = ['江北区', '江南区', '东湖区', '西城区', '高新区', '滨江区'];
export const streets = ['建设路', '解放大道', '中山路', '和平街', '滨江路', '人民路', '新华路', '光明路', '长青路', '友谊大道'];
export const communities = ['阳光花园', '锦绣小区', '幸福里小区', '翠湖苑', '金桥新村', '丽景湾', '书香门第', '东方家园'];
export const landmarks = ['一个加油站', '一家大药房', '一所小学', '一个农贸市场', '一家银行网点', '一个公交站'];

/** 承办单位 a matter may sit with. */
export const handlingUnits = ['江北区城管局', '市水务集团', '东湖区住建局', '市市场监管局', '江南区街道办', '市生态环境局', '高新区管委会', '市交通运输局'];
export const handlingStates = ['承办单位正在办理', '已经派到承办单位，正在核查', '承办单位已经去现场看过，正在处理'];

export interface ConsultTopic {
  open: string[];
  detail: string[];
  /** What the rule says (fills the first blank of the answer script). */
  rule: string;
  /** Where to do it (fills the second blank). */
  channel: string;
  summary: string;
}

export const consultTopics: ConsultTopic[] = [
  {
    open: ['你好，我想问一下社保方面的事情。', '您好，我现在没有单位了，社保该怎么接着交啊？'],
    detail: ['我是个人，以前在厂里上班，现在自己跑网约车，想把养老保险续上。', '就我自己，辞职快两个月了，之前的社保断了，不知道怎么弄。'],
    rule: '以灵活就业人员的身份可以按月缴纳职工养老保险，缴费档次可以自己选',
    channel: '江城人社的公众号，或者户籍所在地的社保经办窗口',
    summary: '灵活就业人员怎么续交养老保险',
  },
  {
    open: ['我想咨询一下公积金，租房子能不能把公积金取出来？', '您好，问一下租房提取公积金的事。'],
    detail: ['我个人办，单位给我交了三年了，现在一直租房住。', '就我自己，在这边没买房，房子是租的，合同也有。'],
    rule: '本市没有住房的职工租房可以申请提取住房公积金，每年可以办一次，需要身份证和租房合同',
    channel: '公积金中心的网上办事大厅，或者手机上的公积金小程序',
    summary: '租房提取住房公积金',
  },
  {
    open: ['请问外地人在咱们这边办居住证要什么条件？', '你好，我想办个居住证，不知道要准备啥。'],
    detail: ['我自己办，来这边上班差不多一年了，住的是租的房子。', '个人办，我在工业园上班，厂里有宿舍。'],
    rule: '在本市居住满半年，有合法稳定住所或者稳定就业的，可以申领居住证',
    channel: '居住地派出所的户籍窗口，带上身份证和住所证明',
    summary: '居住证的申领条件',
  },
  {
    open: ['我家宝宝刚出生，医保要怎么给他办？', '您好，问一下新生儿的医保在哪里办。'],
    detail: ['就是给孩子个人办，孩子上个礼拜出生的，户口还没上。', '给我女儿办，刚满月，户口已经落好了。'],
    rule: '新生儿落户以后可以参加城乡居民医保，出生当年的待遇可以补上',
    channel: '社区服务中心的医保窗口，也可以在江城医保的公众号上办',
    summary: '新生儿怎么参加居民医保',
  },
  {
    open: ['我想问一下老年人坐公交免费的那个卡在哪里办？', '你好，给老人办敬老卡要去哪里？'],
    detail: ['给我父亲办，他今年六十六了，户口就在本市。', '给我母亲办，她刚满六十五，身份证都带着。'],
    rule: '年满六十五周岁的本市户籍老人可以免费申领敬老卡，坐市内公交不用花钱',
    channel: '户籍所在社区的服务中心，带上老人的身份证和一张一寸照片',
    summary: '给家里老人办理敬老卡',
  },
  {
    open: ['你好，我想开个小饭馆，营业执照要怎么办？', '请问个体户的营业执照在哪里申请？'],
    detail: ['我个人开，店面已经租好了，在江南区那边。', '自己开个小超市，房东那边的手续都齐了。'],
    rule: '个体工商户登记可以在网上全程办理，材料齐全的话很快就能领到执照',
    channel: '市场监管局的网上登记系统，或者到区政务服务中心的综合窗口',
    summary: '个体户办理营业执照',
  },
  {
    open: ['我想问问办退休要准备些什么材料？', '你好，我快到退休年龄了，手续怎么办？'],
    detail: ['给我自己办，我下个月满六十，是企业职工。', '我自己，单位说让我自己先问清楚流程。'],
    rule: '企业职工到了法定退休年龄，由单位或者本人提前申请，带上身份证和人事档案办理',
    channel: '社保经办窗口，单位也可以在网上统一申报',
    summary: '企业职工办理退休手续',
  },
];

export interface IssueTopic {
  open: string[];
  /** How long it has been going on. */
  since: string[];
  summary: string;
  /** What the caller would like to happen. */
  want: string;
  /** A safety hazard (the help script's warning step). */
  hazard?: boolean;
}

/** 求助: calm callers asking for something to be fixed. */
export const helpTopics: IssueTopic[] = [
  {
    open: ['你好，我们小区门口那段路的路灯晚上都不亮了，走路黑乎乎的。', '您好，想反映一下，我们这条街上的路灯坏了好几盏。'],
    since: ['前天晚上发现的。', '差不多有一个礼拜了。'],
    summary: '路灯不亮',
    want: '尽快派人把路灯修好',
  },
  {
    open: ['您好，我刚路过看到人行道上有个井盖不见了，就剩一个大洞，挺危险的。', '你好，我们这边路口有个井盖碎了，一踩就往下陷。'],
    since: ['就是今天早上看到的。', '昨天傍晚还好好的，今天就这样了。'],
    summary: '人行道井盖缺失',
    want: '赶紧派人把井盖补上',
    hazard: true,
  },
  {
    open: ['我家楼下的下水道堵了，污水都往外冒，味道特别大。', '您好，我们单元门口的下水道返水，地上全是脏水。'],
    since: ['从昨天下午开始的。', '有三四天了，越来越严重。'],
    summary: '下水道堵塞返水',
    want: '派人来疏通一下',
  },
  {
    open: ['请问一下，我们那一片从早上开始就没水了，是不是在检修啊？', '你好，我家突然停水了，也没看到通知。'],
    since: ['早上七点多就没水了。', '中午十二点左右开始的。'],
    summary: '突然停水',
    want: '告诉我们什么时候能来水',
  },
  {
    open: ['我们小区里有根电线垂下来了，离地面也就一人多高，小孩子还在旁边玩。', '您好，我看到路边电线杆上的线掉下来一截，挂在树上。'],
    since: ['刚刚才看到的。', '昨晚刮风以后就这样了。'],
    summary: '电线垂落',
    want: '尽快派人来处理，别出事',
    hazard: true,
  },
  {
    open: ['昨晚风大，路边一棵树的大树枝断了，横在非机动车道上。', '你好，我们门口有棵树歪了，看着随时要倒。'],
    since: ['今天一早就看到了。', '昨天夜里下大雨以后。'],
    summary: '树枝折断挡路',
    want: '派人把树枝清走',
    hazard: true,
  },
  {
    open: ['我们这条路上有个大坑，一下雨就积水，电动车过去很容易摔。', '您好，反映个事，我们小区出口的路面塌了一块。'],
    since: ['有半个多月了。', '上个礼拜下完雨就这样了。'],
    summary: '路面坑洼积水',
    want: '把路面修补一下',
  },
];

/** 投诉: upset callers (each opening carries a dissatisfaction word, so the agent's empathy is due). */
export const complaintTopics: IssueTopic[] = [
  {
    open: ['我要投诉，我们楼下那家烧烤店天天把桌子摆到人行道上，油烟熏得窗户都不敢开，反映了也没人管！'],
    since: ['每天晚上六点摆到半夜一两点，都快两个月了。'],
    summary: '烧烤店占道经营、油烟扰民',
    want: '有关部门去现场管一管，把桌子撤回店里',
  },
  {
    open: ['我要投诉那个工地，晚上十一点了还在打桩，吵得人根本睡不着，太过分了！'],
    since: ['这个礼拜天天都这样，晚上十点以后还在干。'],
    summary: '工地夜间施工噪音扰民',
    want: '晚上十点以后别再施工',
  },
  {
    open: ['我投诉一个出租车司机，我说去火车站他不肯拉，还骂骂咧咧的，什么服务态度！'],
    since: ['就是今天下午三点多的事，车牌号我记下来了。'],
    summary: '出租车司机拒载并辱骂乘客',
    want: '查一查这个司机，给个说法',
  },
  {
    open: ['我在一家健身房办了卡，现在店突然关门了，预付的钱也不退，这不是坑人吗？'],
    since: ['上个月底关的门，到现在一直联系不上老板。'],
    summary: '健身房关门不退预付款',
    want: '帮忙把预付的钱要回来',
  },
  {
    open: ['物业乱收费，停车费说涨就涨，也不公示，我们业主都很生气！'],
    since: ['这个月开始涨的，一下子涨了一百多。'],
    summary: '物业擅自上调停车费且未公示',
    want: '有关部门核查一下收费合不合规',
  },
];

/** 举报. */
export const reportTopics: IssueTopic[] = [
  {
    open: ['我要举报，我们村后面那个小厂晚上偷偷往河里排黑水。'],
    since: ['一般都是半夜十二点以后排，我拍了几张照片。'],
    summary: '小厂夜间向河道偷排污水',
    want: '环保部门去查一查',
  },
  {
    open: ['我举报一下，我们楼顶有人在搭违建，正在焊一个铁皮房。'],
    since: ['这两天一直在施工，材料都堆在楼道里。'],
    summary: '楼顶违章搭建铁皮房',
    want: '让他们停工拆掉',
  },
  {
    open: ['我要举报一家无证经营的小作坊，在居民楼里做豆腐，卫生条件很差。'],
    since: ['开了有大半年了，每天凌晨三四点就开始磨豆子。'],
    summary: '居民楼内无证食品作坊',
    want: '市场监管部门去查处',
  },
  {
    open: ['有人往我们小区后面的空地上倒建筑垃圾，都快堆成小山了。'],
    since: ['都是晚上拉过来倒的，有一两个月了。'],
    summary: '空地被偷倒建筑垃圾',
    want: '查一下是谁倒的，把垃圾清走',
  },
];

export interface SuggestionTopic {
  open: string[];
  summary: string;
}

export const suggestionTopics: SuggestionTopic[] = [
  { open: ['我有个想法，我们这边的公交站能不能加个候车亭？下雨天老人等车连个躲雨的地方都没有。'], summary: '在家门口的公交站增设候车亭' },
  { open: ['我想提个建议，学校门口那条路能不能画个斑马线，再装个减速带？接孩子的时候车开得飞快。'], summary: '在学校门口增设斑马线和减速带' },
  { open: ['建议公园里多建几个公共厕所，周末人多的时候找个厕所要走好远。'], summary: '在公园里增建公共厕所' },
  { open: ['能不能多装一些电动车充电桩？我们小区好多人都把电瓶拎回家充，看着不安全。'], summary: '在小区增设电动车充电桩' },
];

export interface WrongNumber {
  open: string;
  who: string;
  hint: string;
}

/** `hint` tells the caller where to go instead, and when they can reach it (a good agent gives both). */
export const wrongNumbers: WrongNumber[] = [
  { open: '喂，是燃气公司吗？我家燃气灶打不着火了。', who: '燃气公司', hint: '燃气的问题您可以拨打燃气账单上的客服电话，他们的维修热线今天晚上8点前都有人接。' },
  { open: '你好，是物业吗？我家门禁卡刷不开了。', who: '物业公司', hint: '门禁卡的问题您可以到小区物业服务中心办理，他们今天下午6点前都有人值班。' },
  { open: '喂，是快递站吗？我的快递显示签收了，可我没拿到。', who: '快递公司', hint: '快递的问题您可以联系快递单上的派送员，或者快递公司的客服，一般今天下午6点前都能联系上。' },
  { open: '请问是第一人民医院吗？我想挂个号。', who: '医院', hint: '挂号可以通过医院的公众号或者健康江城小程序预约，明天的号今天晚上8点前都可以约。' },
];

export const wrongNumberReplies = ['哦哦，不好意思啊，我打错了。', '啊，那我搞混了，谢谢你啊。', '这样啊，好的好的，谢谢。'];

export const harassmentOpens = ['喂，小姑娘，你声音真好听，陪我聊会儿天呗。', '没什么事，我就是一个人在家无聊，找人说说话。', '你猜猜我是谁？猜对了我就告诉你我打电话干嘛。'];
export const harassmentInsist = ['聊一会儿又怎么了嘛。', '你们不就是接电话的吗，陪我说两句呗。', '别急着挂嘛，我还没说完呢。'];

export const acknowledgements = ['好的。', '嗯，好的。', '行，你查吧。', '可以可以。', '好，我等着。'];
export const confirmations = ['对，没错。', '对的。', '是的，就是这样。', '对，就是这个意思。'];
export const nothingElse = ['没有了，谢谢。', '没有了，就这个事。', '暂时没有了，谢谢你啊。', '没了没了，谢谢。'];
export const understood = ['清楚了，谢谢。', '明白了，那我去办。', '好的，听明白了。', '嗯，我记下来了。'];
export const waitAccepted = ['好，那我等消息。', '行，那就麻烦你们了。', '好的，希望能快点处理。'];

/** An agent's clarifying question and the caller's possible answers (`{place}` and `{surname}` are filled in). */
export interface Exchange {
  ask: string;
  answers: string[];
  /** Only for calls about a place (help, complaint, report). */
  place?: boolean;
}

export const exchanges: Exchange[] = [
  { ask: '请问您贵姓？', answers: ['我姓{surname}。', '免贵姓{surname}。'] },
  { ask: '请问您方便留一个联系电话吗？就用您现在打进来的这个号码，可以吗？', answers: ['可以，就用这个号。', '行，就这个号码。'] },
  { ask: '这个情况大概有多长时间了？', answers: ['有好一阵子了，差不多半个月吧。', '也就这两天的事。'], place: true },
  { ask: '您说的位置附近有没有明显一点的标志，比如商店或者公交站？', answers: ['旁边就是{landmark}。', '对面有{landmark}，很好找。'], place: true },
  { ask: '具体是哪个区、哪条路呢？', answers: ['在{district}{street}，靠近{community}。', '{district}的{street}，{community}北门那边。'], place: true },
];

/** Callers who take their time: a second detail that stretches the call. */
export const elaborations = [
  '我跟你说，这个事情我们整栋楼的人都知道，大家都在等着看怎么弄。',
  '我之前在网上也查过，说法不太一样，所以想打电话问个准话。',
  '我也是听邻居说可以打这个电话，就试着打过来问问。',
  '我年纪大了，手机上那些东西弄不来，只能打电话问。',
  '我这几天一直惦记着这个事，今天正好有空就打过来了。',
  '我先把情况说清楚，免得你们跑冤枉路，具体是这么回事。',
  '我们家里老人小孩都有，这个事情对我们影响还是挺大的。',
  '我上午已经跟社区的网格员说过一次了，他让我打这个电话登记一下。',
  '你别嫌我啰嗦啊，我再补充一点，这个情况晚上比白天更明显。',
  '我把时间、地点都记在本子上了，你要的话我可以一条一条念给你听。',
  '我也不是故意给你们添麻烦，就是想早点把事情弄明白。',
  '跟我一起的还有好几户邻居，他们让我代表大家打过来。',
  '我手机里有照片，要是需要的话我可以发过去，你们有没有地方可以传？',
];

/** The agent taking note while the caller explains. */
export const agentAcks = ['好的，我明白了，您接着说。', '嗯，这个情况我记下来了。', '好的，您说的这些我都记录了。', '明白，您慢慢说。', '好的，这一点我也补充进去。', '嗯，您说的我都在听。', '好的，还有别的情况您也可以一起说。'];
