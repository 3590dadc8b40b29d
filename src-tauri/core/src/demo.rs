//! Demo data: a deterministic generator of realistic complaint cases for the
//! first-run demo sheet and for benchmarks (a million cases in a few seconds).
//!
//! Four business lines (物业管理, 商场, 餐饮, 制造 PCB), each with its own
//! departments, complaint topics, places and customer requests. Contents are
//! assembled from several parts (who reports, when, where/which product, what,
//! a detail, the customer's mood) so that search terms have realistic
//! selectivity. No randomness crate: a splitmix64 seeded by a `u64`.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use std::fmt::Write as _;

use crate::codes::*;
use crate::model::CaseFields;

/// One generated case: the registration data plus where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoCase {
    /// Complete, valid registration data (`department_id` is always `None`:
    /// the caller maps `department` names to ids).
    pub fields: CaseFields,
    /// Where the case stands; `Voided` for about 1 %.
    pub status: CaseStatus,
    /// Responsible department, one of [`DEPARTMENTS`]; `None` for some fresh cases.
    pub department: Option<&'static str>,
    /// The agent who registered it, one of [`AGENTS`].
    pub receiver: &'static str,
    /// `None` while registered; `Invalid` for about 5 % of assessed cases (then closed).
    pub validity: Option<Validity>,
    /// 恶意投诉, rare.
    pub malicious: bool,
    /// Set if and only if `status == Voided`.
    pub void_reason: Option<&'static str>,
}

/// Departments a demo case may be routed to.
pub const DEPARTMENTS: &[&str] = &[
    "客服部",
    "工程维修部",
    "物业管理部",
    "保安部",
    "保洁部",
    "商场营运部",
    "餐饮部",
    "质量管理部",
    "制造部",
    "业务部",
    "会计科",
    "行政人事部",
    "总经理室",
];

/// 客服专员 who register the demo cases.
pub const AGENTS: &[&str] = &[
    "李晓燕",
    "陈思远",
    "王婷婷",
    "张志强",
    "刘佳怡",
    "黄俊杰",
    "周雪梅",
    "吴昊",
];

// ---------------------------------------------------------------------------
// PRNG

/// splitmix64: tiny, fast, good enough for demo data.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + ((self.next_u64() % (hi - lo + 1) as u64) as i64)
    }

    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: u32) -> bool {
        (self.next_u64() % 1000) < per_mille as u64
    }

    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// Index chosen with the given weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut r = (self.next_u64() % total as u64) as u32;
        for (i, w) in weights.iter().enumerate() {
            if r < *w {
                return i;
            }
            r -= w;
        }
        weights.len() - 1
    }

    /// Biased towards the front of the slice (common surnames more common).
    fn pick_front<T: Copy>(&mut self, items: &[T]) -> T {
        let u = self.unit();
        items[((u * u) * items.len() as f64) as usize]
    }
}

// ---------------------------------------------------------------------------
// Vocabulary

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于",
    "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆",
    "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛",
    "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武",
    "戴", "莫", "孔", "向", "汤", "欧阳", "司马", "上官", "诸葛",
];

const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞",
    "平", "刚", "桂", "英", "华", "玉", "萍", "红", "建", "文", "辉", "力", "鹏", "飞", "俊", "峰", "宇", "浩", "凯",
    "健", "斌", "波", "宁", "琳", "婷", "雪", "梅", "兰", "慧", "燕", "倩", "颖", "欣", "怡", "佳", "嘉", "晨", "阳",
    "晓", "春", "海", "江", "林", "森", "成", "志", "国", "新", "东", "亮", "鑫", "博", "思", "雨", "涵", "子", "梓",
    "轩", "睿", "然", "萱", "诗", "琪", "悦", "瑶", "璐", "菲", "蕾", "薇", "莉", "丹", "晶", "婉", "清", "淑", "德",
    "福", "贵", "荣", "昌", "祥", "永", "发", "生", "金", "银", "宝", "天", "云", "风", "山", "川", "河", "松", "柏",
    "竹", "青", "红", "彬", "毅", "锋", "坤", "耀", "宏", "泽", "瑞", "铭", "诚", "信", "仁", "义", "礼", "智", "忠",
    "安", "康", "乐", "欢", "喜", "庆", "春", "秋", "冬", "夏", "月", "星", "辰", "宸", "航", "帆", "远", "达", "通",
    "顺", "利", "家", "豪", "杰", "雄", "威", "武", "凤", "琴", "翠", "彩", "巧", "美", "娇", "素", "珍", "珠", "爱",
    "妍", "茜", "蓉", "芸", "莹", "露", "岚", "昊", "晗", "喆", "堃", "燊", "昇", "淼", "犇", "翀", "珺", "玥", "祎",
];

/// Traditional characters, used now and then (customers from 港澳台, older ids).
const GIVEN_TRAD: &[&str] = &[
    "偉", "華", "麗", "強", "軍", "豔", "龍", "鳳", "國", "傑", "輝", "誠", "閔", "瑩", "聰", "濤",
];

const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181", "182", "183", "184",
    "185", "186", "187", "188", "189", "191", "193", "195", "198", "199",
];

/// (area code, local digits)
const AREA_CODES: &[(&str, usize)] = &[
    ("010", 8),
    ("020", 8),
    ("021", 8),
    ("022", 8),
    ("023", 8),
    ("024", 8),
    ("025", 8),
    ("027", 8),
    ("028", 8),
    ("029", 8),
    ("0755", 8),
    ("0769", 8),
    ("0757", 8),
    ("0571", 8),
    ("0512", 8),
    ("0574", 8),
    ("0532", 8),
    ("0591", 8),
    ("0760", 7),
    ("0752", 7),
    ("0731", 8),
    ("0371", 8),
];

const WHEN: &[&str] = &[
    "今天上午",
    "今天下午",
    "今天中午",
    "昨晚",
    "昨天下午",
    "前天",
    "上周六",
    "上周日",
    "本周以来",
    "近三天",
    "连续两天",
    "最近一周",
    "月初以来",
    "今早",
    "刚才",
    "上周五晚上",
    "节假日期间",
    "",
];

const EMOTIONS: &[&str] = &[
    "客户情绪激动",
    "客户表示非常不满",
    "客户语气平和,希望尽快处理",
    "称若不解决将向媒体反映",
    "称已多次反映无果",
    "表示将向消协投诉",
    "客户较为克制,但要求给个说法",
    "客户在电话中多次强调着急",
    "称将在网上发帖曝光",
    "客户对处理速度很不满意",
    "客户情绪已基本平复",
    "客户要求今天内答复",
    "称不解决就拒付相关费用",
    "",
];

// ---------------------------------------------------------------------------
// Business lines and topics

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    Property,
    Mall,
    Restaurant,
    Manufacturing,
}

const LINES: [Line; 4] = [Line::Property, Line::Mall, Line::Restaurant, Line::Manufacturing];
const LINE_WEIGHTS: [u32; 4] = [34, 26, 22, 18];

/// A kind of complaint. Phrases may hold placeholders filled per case:
/// `{h}` home / unit, `{c}` common area, `{g}` green area, `{u}` building and unit,
/// `{p}` product or dish, `{x}` a defect of the product, `{f}` a food, `{s}` shop,
/// `{m}` minutes,
/// `{n}` a small number, `{q}` quantity, `{b}` defective quantity,
/// `{o}` order no., `{i}` item no., `{d}` delivery date, `{a}` amount.
struct Topic {
    weight: u32,
    phrases: &'static [&'static str],
    details: &'static [&'static str],
    requests: &'static [&'static str],
    depts: &'static [&'static str],
    causes: &'static [CauseType],
    nature: Nature,
    /// per mille of cases with a claimed amount
    claim: u32,
    /// a physical sample may be kept
    sample: bool,
    /// pushes severity up
    grave: bool,
}

use crate::codes::CauseType::{
    Emotion as EMO, Misunderstanding as MIS, Negligence as NEG, Other as OTH, Product as PRO, Service as SER,
};
use crate::codes::Nature::{NonQuality as NQ, Quality as QA};

const PROPERTY_TOPICS: &[Topic] = &[
    Topic {
        weight: 14,
        phrases: &[
            "{h}卫生间天花板漏水",
            "{h}厨房墙面渗水",
            "楼上住户漏水导致{h}天花板发霉",
            "{h}外墙渗水,卧室墙面起皮",
            "{h}阳台雨天漏水",
            "{h}入户水管爆裂漏水",
        ],
        details: &[
            "水已渗到客厅木地板",
            "报修两次至今无人上门",
            "维修师傅称要等配件",
            "楼上住户不配合开门检查",
            "墙纸大面积脱落",
            "家具被泡坏",
        ],
        requests: &[
            "要求尽快上门维修",
            "要求物业协调楼上住户维修",
            "要求赔偿损失",
            "要求彻底查明漏水原因",
        ],
        depts: &["工程维修部", "物业管理部"],
        causes: &[PRO, NEG, SER],
        nature: QA,
        claim: 650,
        sample: false,
        grave: false,
    },
    Topic {
        weight: 11,
        phrases: &[
            "{u}电梯故障停运",
            "{u}电梯运行中突然停顿,有人被困{m}分钟",
            "{u}电梯异响、门关不上",
            "{u}电梯按键失灵",
            "地下车库电梯经常停运",
        ],
        details: &[
            "家中老人上下楼困难",
            "维保单位迟迟未到",
            "同一部电梯本月已坏{n}次",
            "困梯时紧急呼叫无人应答",
            "电梯内无年检合格证",
        ],
        requests: &[
            "要求尽快修复电梯",
            "要求公布电梯维保记录",
            "要求更换维保单位",
            "要求道歉并说明原因",
        ],
        depts: &["工程维修部", "物业管理部"],
        causes: &[PRO, NEG],
        nature: QA,
        claim: 200,
        sample: false,
        grave: true,
    },
    Topic {
        weight: 9,
        phrases: &[
            "地下车库固定车位被他人占用",
            "访客车辆长期占用消防通道,{u}门口通行不便",
            "地下车库B2层停车位划线不清导致剐蹭",
            "月卡续费后道闸仍不识别车牌",
            "地面停车位被装修车辆占用",
        ],
        details: &[
            "保安巡查未予处理",
            "已打电话给保安室{n}次",
            "车门被刮花",
            "上班因此迟到",
            "物业称无权挪车",
        ],
        requests: &[
            "要求物业清理占位车辆",
            "要求加强停车管理",
            "要求赔偿车辆维修费",
            "要求退还当月停车费",
        ],
        depts: &["保安部", "物业管理部"],
        causes: &[SER, NEG, MIS],
        nature: NQ,
        claim: 300,
        sample: false,
        grave: false,
    },
    Topic {
        weight: 10,
        phrases: &[
            "{h}楼上装修噪音扰民",
            "{u}夜间施工噪音扰民",
            "{h}隔壁住户深夜喧哗",
            "中心花园广场舞音响过大",
            "{h}楼下商铺空调外机噪音大",
        ],
        details: &[
            "中午和晚上十点后仍在施工",
            "孩子无法休息",
            "多次沟通无效",
            "保安到场后仍继续",
            "已影响老人睡眠",
        ],
        requests: &[
            "要求物业制止噪音",
            "要求规定装修时间并严格执行",
            "要求上门协调",
            "要求给出书面答复",
        ],
        depts: &["物业管理部", "保安部"],
        causes: &[SER, EMO, NEG],
        nature: NQ,
        claim: 50,
        sample: false,
        grave: false,
    },
    Topic {
        weight: 8,
        phrases: &[
            "对物业费收费标准有异议",
            "物业费账单多收{n}个月",
            "空置房仍按全额收取物业费",
            "公摊水电费分摊不明",
        ],
        details: &[
            "缴费单与合同约定不符",
            "前台无法解释收费依据",
            "已缴费但系统显示欠费",
            "被贴催缴单感到受辱",
        ],
        requests: &[
            "要求退还多收费用",
            "要求公示收费明细",
            "要求更正账单",
            "要求物业经理当面解释",
        ],
        depts: &["物业管理部", "会计科", "客服部"],
        causes: &[MIS, SER, OTH],
        nature: NQ,
        claim: 700,
        sample: false,
        grave: false,
    },
    Topic {
        weight: 6,
        phrases: &[
            "{g}杂草丛生",
            "楼前树木遮挡{h}采光",
            "{g}喷洒农药未提前告知",
            "{g}枯枝掉落砸到车辆",
        ],
        details: &["蚊虫很多", "孩子接触后皮肤过敏", "车辆前挡风玻璃受损", "多次反映未修剪"],
        requests: &["要求尽快修剪", "要求赔偿损失", "要求以后提前公告", "要求上门处理"],
        depts: &["物业管理部", "保洁部"],
        causes: &[NEG, SER],
        nature: NQ,
        claim: 250,
        sample: false,
        grave: false,
    },
    Topic {
        weight: 7,
        phrases: &[
            "{c}门禁失灵",
            "{u}门禁卡无法开门",
            "人脸识别门禁识别不了家人",
            "{u}单元门长期敞开无人管",
        ],
        details: &[
            "外来人员随意进出",
            "晚上回家被关在门外",
            "补办门禁卡收费过高",
            "担心家中安全",
        ],
        requests: &["要求尽快维修门禁", "要求免费补办门禁卡", "要求加强巡逻", "要求道歉"],
        depts: &["保安部", "工程维修部"],
        causes: &[PRO, NEG, SER],
        nature: QA,
        claim: 80,
        sample: false,
        grave: false,
    },
    Topic {
        weight: 8,
        phrases: &[
            "{c}保洁不到位,垃圾未及时清运",
            "{c}楼道卫生差",
            "{c}垃圾桶满溢有异味",
            "{u}楼梯扶手积灰多日无人擦",
        ],
        details: &["夏天气味很大", "引来老鼠蟑螂", "保洁员称人手不够", "拍照发给管家未回复"],
        requests: &[
            "要求每日清运垃圾",
            "要求加强保洁",
            "要求物业给个说法",
            "要求减免部分物业费",
        ],
        depts: &["保洁部", "物业管理部"],
        causes: &[NEG, SER],
        nature: NQ,
        claim: 100,
        sample: false,
        grave: false,
    },
    Topic {
        weight: 6,
        phrases: &[
            "对管家服务态度不满",
            "前台工作人员推诿不处理报修",
            "保安言语粗鲁",
            "维修师傅上门迟到{n}小时且态度差",
        ],
        details: &["说话不耐烦", "挂断业主电话", "当着邻居面争吵", "承诺回电未回电"],
        requests: &["要求当事人道歉", "要求更换管家", "要求物业经理出面", "要求书面道歉"],
        depts: &["客服部", "物业管理部", "行政人事部"],
        causes: &[SER, EMO, MIS],
        nature: NQ,
        claim: 30,
        sample: false,
        grave: false,
    },
];

const MALL_TOPICS: &[Topic] = &[
    Topic {
        weight: 14,
        phrases: &[
            "在{s}购买的{p}要求退货被拒",
            "{s}不给换{p}",
            "{p}购买{n}天内申请退换,{s}以已拆封为由拒绝",
            "网上下单的{p}门店拒绝退换",
        ],
        details: &[
            "小票和包装都在",
            "专柜称特价商品不退不换",
            "柜员让去总服务台,总服务台让回专柜",
            "已超过承诺的七天无理由",
        ],
        requests: &["要求退货退款", "要求换货", "要求商场出面协调", "要求按购买价退款"],
        depts: &["商场营运部", "客服部"],
        causes: &[SER, MIS, EMO],
        nature: NQ,
        claim: 700,
        sample: false,
        grave: false,
    },
    Topic {
        weight: 14,
        phrases: &[
            "在{s}购买的{p}出现质量问题",
            "在{s}购买的{p}{x}",
            "新买的{p}{x}",
            "{s}的{p}{x}",
        ],
        details: &[
            "已送检怀疑非正品",
            "专柜称属人为损坏",
            "维修后问题依旧",
            "同批次多人反映",
            "商品吊牌与实物不符",
        ],
        requests: &[
            "要求退货退款",
            "要求换货",
            "要求赔偿损失",
            "要求出具质检报告",
            "要求三倍赔偿",
        ],
        depts: &["商场营运部", "质量管理部", "客服部"],
        causes: &[PRO],
        nature: QA,
        claim: 650,
        sample: true,
        grave: false,
    },
    Topic {
        weight: 10,
        phrases: &[
            "{s}导购态度恶劣",
            "{s}导购强行推销{p}",
            "{s}店员试穿时冷嘲热讽",
            "{s}导购对老人不理不睬",
        ],
        details: &["当众翻白眼", "说话阴阳怪气", "旁边顾客可以作证", "叫了几次都没人理"],
        requests: &["要求导购当面道歉", "要求商场处理当事人", "要求书面道歉", "要求给个说法"],
        depts: &["商场营运部", "客服部", "行政人事部"],
        causes: &[SER, EMO],
        nature: NQ,
        claim: 40,
        sample: false,
        grave: false,
    },
    Topic {
        weight: 9,
        phrases: &[
            "{s}{p}价格标签与收银价格不符",
            "{p}标价{a}元,结账时多收",
            "{s}促销价未生效",
            "满减活动结账时未按规则优惠",
        ],
        details: &[
            "标签已拍照留证",
            "收银员称系统价格为准",
            "差价虽小但感觉被欺骗",
            "货架上还是旧标签",
        ],
        requests: &["要求退还差价", "要求按标签价结算", "要求赔偿", "要求整改价签"],
        depts: &["商场营运部", "会计科"],
        causes: &[NEG, MIS],
        nature: NQ,
        claim: 750,
        sample: false,
        grave: false,
    },
    Topic {
        weight: 7,
        phrases: &[
            "会员积分未到账",
            "会员积分被无故清零",
            "积分兑换的{p}迟迟未发",
            "生日礼券无法使用",
        ],
        details: &[
            "消费小票齐全",
            "会员中心说系统升级",
            "客服热线打不通",
            "积分规则变更未通知",
        ],
        requests: &["要求补回积分", "要求恢复积分", "要求补发礼品", "要求解释积分规则"],
        depts: &["客服部", "商场营运部"],
        causes: &[MIS, NEG, OTH],
        nature: NQ,
        claim: 150,
        sample: false,
        grave: false,
    },
    Topic {
        weight: 7,
        phrases: &[
            "停车收费与公示标准不符",
            "消费满额仍被收取停车费",
            "地下停车场出口缴费排队{m}分钟",
            "车辆在商场停车场被剐蹭",
        ],
        details: &[
            "收费员态度生硬",
            "电子票据无法开具",
            "监控说坏了调不出来",
            "出口只开一个通道",
        ],
        requests: &["要求退还停车费", "要求调取监控", "要求赔偿修车费", "要求改进停车收费"],
        depts: &["保安部", "商场营运部"],
        causes: &[SER, MIS, NEG],
        nature: NQ,
        claim: 450,
        sample: false,
        grave: false,
    },
    Topic {
        weight: 6,
        phrases: &["超市购买的{f}已过保质期", "超市{f}包装内发现霉变", "超市{f}缺斤短两"],
        details: &["家中小孩已食用", "复称少了近一两", "购物小票上日期清楚", "商品已保留"],
        requests: &["要求十倍赔偿", "要求退款并道歉", "要求下架同批次商品", "要求赔偿医药费"],
        depts: &["商场营运部", "质量管理部"],
        causes: &[PRO, NEG],
        nature: QA,
        claim: 750,
        sample: true,
        grave: true,
    },
    Topic {
        weight: 4,
        phrases: &[
            "商场地面湿滑导致摔倒",
            "{s}门口展架倒下砸到孩子",
            "扶梯突然停止致顾客摔倒",
        ],
        details: &["未放置警示牌", "已到医院拍片", "孩子手臂擦伤", "现场无工作人员"],
        requests: &["要求赔偿医药费", "要求赔偿损失", "要求商场负责人出面", "要求道歉"],
        depts: &["保安部", "保洁部", "商场营运部"],
        causes: &[NEG],
        nature: NQ,
        claim: 850,
        sample: false,
        grave: true,
    },
];

const RESTAURANT_TOPICS: &[Topic] = &[
    Topic {
        weight: 13,
        phrases: &[
            "{p}里吃出头发",
            "{p}中发现钢丝球丝",
            "{p}里有虫子",
            "{p}中吃出塑料片",
            "{p}里有碎玻璃渣",
        ],
        details: &[
            "已拍照留证",
            "服务员只说给换一份",
            "同桌朋友都看到了",
            "差点划伤口腔",
            "经理未及时出面",
        ],
        requests: &["要求免单", "要求赔偿", "要求道歉", "要求后厨整改", "要求十倍赔偿"],
        depts: &["餐饮部", "质量管理部"],
        causes: &[PRO, NEG],
        nature: QA,
        claim: 600,
        sample: true,
        grave: false,
    },
    Topic {
        weight: 11,
        phrases: &[
            "点餐后{m}分钟仍未上菜",
            "{p}上菜太慢",
            "催单{n}次仍未上齐菜",
            "同时到店的邻桌先上菜",
        ],
        details: &[
            "服务员只说马上",
            "孩子饿得直哭",
            "最后一道菜上来时已吃完",
            "厨房说订单漏单",
        ],
        requests: &["要求退掉未上的菜", "要求打折", "要求道歉", "要求免单"],
        depts: &["餐饮部"],
        causes: &[SER, NEG, EMO],
        nature: NQ,
        claim: 400,
        sample: false,
        grave: false,
    },
    Topic {
        weight: 10,
        phrases: &[
            "服务员态度恶劣",
            "服务员摔盘子甩脸色",
            "服务员将汤汁洒在顾客身上",
            "领班与顾客发生争吵",
        ],
        details: &["衣服被弄脏", "叫了{n}次都没人理", "还说爱吃不吃", "当众让人下不来台"],
        requests: &["要求当事服务员道歉", "要求赔偿干洗费", "要求店长出面", "要求给个说法"],
        depts: &["餐饮部", "客服部", "行政人事部"],
        causes: &[SER, EMO],
        nature: NQ,
        claim: 250,
        sample: false,
        grave: false,
    },
    Topic {
        weight: 5,
        phrases: &[
            "食用{p}后出现腹泻呕吐,疑似食物中毒",
            "同桌{n}人用餐后腹痛,怀疑{p}不新鲜",
            "孩子吃了{p}后发烧呕吐",
        ],
        details: &[
            "已到医院急诊",
            "医院诊断为急性肠胃炎",
            "保留了医院病历和发票",
            "当晚同桌多人出现症状",
        ],
        requests: &[
            "要求赔偿医药费",
            "要求赔偿误工费",
            "要求公司出面处理",
            "要求食品安全检查",
        ],
        depts: &["餐饮部", "质量管理部"],
        causes: &[PRO],
        nature: QA,
        claim: 900,
        sample: true,
        grave: true,
    },
    Topic {
        weight: 9,
        phrases: &[
            "结账时多收了{p}的费用",
            "账单中多收{n}道菜",
            "团购券被拒收",
            "收取的餐位费未提前告知",
            "刷卡重复扣款",
        ],
        details: &[
            "小票与菜单价格不符",
            "收银员称系统问题",
            "回家核对小票才发现",
            "前台称需经理签字才能退",
        ],
        requests: &["要求退还多收费用", "要求退款", "要求道歉", "要求出具正规发票"],
        depts: &["餐饮部", "会计科"],
        causes: &[NEG, MIS],
        nature: NQ,
        claim: 800,
        sample: false,
        grave: false,
    },
    Topic {
        weight: 8,
        phrases: &[
            "{p}不新鲜有异味",
            "{p}没有熟透",
            "{p}份量明显比以前少",
            "{p}过咸无法入口",
        ],
        details: &[
            "要求换菜被拒",
            "厨师长称做法如此",
            "吃了一半才发现",
            "和菜单图片差距很大",
        ],
        requests: &["要求退菜", "要求免单", "要求打折", "要求道歉"],
        depts: &["餐饮部", "质量管理部"],
        causes: &[PRO, MIS],
        nature: QA,
        claim: 500,
        sample: true,
        grave: false,
    },
    Topic {
        weight: 5,
        phrases: &[
            "预订的包间到店后被告知已占用",
            "预订的年夜饭被临时取消",
            "预订的生日宴座位未保留",
        ],
        details: &[
            "提前一周就已预订",
            "客人已到场无法安排",
            "联系门店电话无人接听",
            "店长至今未回电",
        ],
        requests: &["要求赔偿", "要求道歉", "要求店长出面说明", "要求赔偿改订其他餐厅的差价"],
        depts: &["餐饮部", "客服部"],
        causes: &[NEG, SER],
        nature: NQ,
        claim: 450,
        sample: false,
        grave: false,
    },
    Topic {
        weight: 4,
        phrases: &["外卖{p}漏送", "外卖{p}洒漏", "外卖{p}送错"],
        details: &[
            "配送超时一小时",
            "联系门店电话无人接听",
            "平台客服让找门店",
            "包装未封口",
        ],
        requests: &["要求赔偿", "要求退款", "要求道歉", "要求补送"],
        depts: &["餐饮部", "客服部"],
        causes: &[NEG, SER],
        nature: NQ,
        claim: 600,
        sample: false,
        grave: false,
    },
];

const MFG_TOPICS: &[Topic] = &[
    Topic {
        weight: 12,
        phrases: &[
            "{d}交运的{i}(订单{o})共{q}片,其中{b}片板弯",
            "订单{o}料号{i}板翘超标,不良{b}片/{q}片",
            "{i}过回流焊后板弯,{q}片中{b}片翘曲超0.75%",
        ],
        details: &[
            "影响SMT贴片",
            "客户产线已停线",
            "要求8D报告",
            "客户来料检验判退",
            "IQC抽检不合格",
        ],
        requests: &[
            "要求退货重做",
            "要求赔偿停线损失",
            "要求折让",
            "要求提供8D报告及改善措施",
        ],
        depts: &["质量管理部", "制造部"],
        causes: &[PRO],
        nature: QA,
        claim: 700,
        sample: true,
        grave: false,
    },
    Topic {
        weight: 11,
        phrases: &[
            "{i}(订单{o})电测短路,{q}片中{b}片不良",
            "客户SMT后发现{i}短路{b}片",
            "订单{o}交运{q}片,功能测试{b}片短路",
        ],
        details: &[
            "初步判断为蚀刻不净",
            "客户怀疑微短",
            "已寄回不良样品",
            "影响客户整机出货",
        ],
        requests: &["要求退货重做", "要求赔偿损失", "要求现场分析", "要求全数重测"],
        depts: &["质量管理部", "制造部"],
        causes: &[PRO],
        nature: QA,
        claim: 750,
        sample: true,
        grave: true,
    },
    Topic {
        weight: 10,
        phrases: &[
            "{i}(订单{o})开路不良{b}片,总数{q}片",
            "订单{o}料号{i}断线开路,不良{b}片",
            "{d}交运{i}出现开路,{q}片中{b}片",
        ],
        details: &[
            "切片显示线路缺口",
            "客户要求出具分析报告",
            "同批次需全检",
            "已寄回不良样品",
        ],
        requests: &["要求退货重做", "要求折让", "要求赔偿损失", "要求提供改善报告"],
        depts: &["质量管理部", "制造部"],
        causes: &[PRO],
        nature: QA,
        claim: 700,
        sample: true,
        grave: false,
    },
    Topic {
        weight: 9,
        phrases: &[
            "{i}(订单{o})阻焊脱落,不良{b}片",
            "订单{o}绿油起泡脱落,{q}片中{b}片",
            "{i}过锡炉后阻焊剥离{b}片",
        ],
        details: &["胶带测试不合格", "客户怀疑前处理不良", "外观检验判退", "终端客户投诉"],
        requests: &["要求退货", "要求折让", "要求补货", "要求8D报告"],
        depts: &["质量管理部", "制造部"],
        causes: &[PRO],
        nature: QA,
        claim: 650,
        sample: true,
        grave: false,
    },
    Topic {
        weight: 7,
        phrases: &[
            "{i}(订单{o})孔铜不足,切片最薄处未达20微米",
            "订单{o}孔铜厚度不达标,不良{b}片",
            "{i}孔壁空洞,{q}片中{b}片",
        ],
        details: &[
            "可靠性测试失效",
            "客户要求全批报废",
            "第三方检测报告已附",
            "影响客户产品认证",
        ],
        requests: &["要求全批退货", "要求赔偿损失", "要求提供切片报告", "要求重新打样"],
        depts: &["质量管理部", "制造部"],
        causes: &[PRO],
        nature: QA,
        claim: 800,
        sample: true,
        grave: true,
    },
    Topic {
        weight: 8,
        phrases: &[
            "订单{o}交期延误{n}天",
            "{i}(订单{o})未按约定{d}交货",
            "订单{o}分批交货不及时",
        ],
        details: &["客户产线待料", "已多次催货未果", "业务员承诺交期未兑现", "需空运补货"],
        requests: &["要求赔偿空运费用", "要求折让", "要求确定交期", "要求业务经理出面说明"],
        depts: &["业务部", "制造部"],
        causes: &[NEG, SER],
        nature: NQ,
        claim: 500,
        sample: false,
        grave: false,
    },
    Topic {
        weight: 6,
        phrases: &[
            "订单{o}数量短少,实收比送货单少{b}片",
            "{i}(订单{o})送货{q}片,点数短少{b}片",
            "订单{o}混入其他料号{b}片",
        ],
        details: &["外箱标签数量与实物不符", "客户仓库已签收", "包装箱有破损", "需补货"],
        requests: &["要求补货", "要求按实收数量开票", "要求折让", "要求说明原因"],
        depts: &["业务部", "制造部"],
        causes: &[NEG, MIS],
        nature: NQ,
        claim: 400,
        sample: false,
        grave: false,
    },
    Topic {
        weight: 4,
        phrases: &["订单{o}发票单价与合同不符", "{i}对账金额有误差", "订单{o}重复开票"],
        details: &["差额约{a}元", "客户财务拒绝付款", "合同为含税价", "需重开发票"],
        requests: &["要求更正发票", "要求重新对账", "要求退还多收款项"],
        depts: &["会计科", "业务部"],
        causes: &[NEG, MIS, OTH],
        nature: NQ,
        claim: 600,
        sample: false,
        grave: false,
    },
];

struct LineVocab {
    topics: &'static [Topic],
    openers: &'static [&'static str],
    products: &'static [&'static str],
    extra_requests: &'static [&'static str],
    /// weights in `Channel::ALL` order
    channel_weights: [u32; 8],
    /// claim range in yuan
    claim_yuan: (f64, f64),
}

const PROPERTY: LineVocab = LineVocab {
    topics: PROPERTY_TOPICS,
    openers: &["业主反映", "业主来电称", "住户投诉", "业主到前台反映", "", "租户反映"],
    products: &[""],
    extra_requests: &[
        "要求书面答复",
        "要求物业经理回电",
        "要求减免物业费",
        "要求三日内处理完毕",
        "要求道歉",
    ],
    // phone visit letter email on_site media referred other
    channel_weights: [450, 220, 50, 60, 160, 15, 20, 25],
    claim_yuan: (200.0, 50_000.0),
};

const MALL: LineVocab = LineVocab {
    topics: MALL_TOPICS,
    openers: &[
        "顾客反映",
        "顾客来电称",
        "顾客到总服务台投诉",
        "顾客投诉",
        "会员反映",
        "",
    ],
    products: &[""], // chosen with the brand, see MALL_BRANDS
    extra_requests: &["要求道歉", "要求商场书面答复", "要求处理当事员工", "要求赔偿来回路费"],
    channel_weights: [380, 240, 70, 80, 190, 15, 15, 10],
    claim_yuan: (100.0, 20_000.0),
};

const RESTAURANT: LineVocab = LineVocab {
    topics: RESTAURANT_TOPICS,
    openers: &[
        "顾客反映",
        "顾客来电投诉",
        "用餐顾客现场投诉",
        "顾客投诉",
        "食客反映",
        "",
    ],
    products: &[
        "水煮鱼",
        "宫保鸡丁",
        "酸菜鱼",
        "麻辣小龙虾",
        "牛肉面",
        "麻婆豆腐",
        "粉蒸排骨",
        "清蒸鲈鱼",
        "白切鸡",
        "蒜蓉生蚝",
        "烤鸭",
        "炒河粉",
        "小笼包",
        "毛血旺",
        "干锅牛蛙",
        "酸辣汤",
        "扬州炒饭",
        "红烧肉",
        "凉拌黄瓜",
        "鲜虾云吞",
    ],
    extra_requests: &["要求道歉", "要求店长回电", "要求书面答复", "要求赠送代金券"],
    channel_weights: [400, 120, 40, 50, 330, 20, 15, 25],
    claim_yuan: (50.0, 2_000.0),
};

const MANUFACTURING: LineVocab = LineVocab {
    topics: MFG_TOPICS,
    openers: &[
        "客户来函反映",
        "客户邮件反映",
        "客户反映",
        "业务转客户投诉:",
        "客户QE反映",
        "",
    ],
    products: &[""],
    extra_requests: &[
        "要求限期回复8D报告",
        "要求提供改善报告",
        "要求派员到现场处理",
        "要求后续订单加严检验",
    ],
    channel_weights: [330, 70, 150, 400, 20, 0, 20, 10],
    claim_yuan: (5_000.0, 300_000.0),
};

fn vocab(line: Line) -> &'static LineVocab {
    match line {
        Line::Property => &PROPERTY,
        Line::Mall => &MALL,
        Line::Restaurant => &RESTAURANT,
        Line::Manufacturing => &MANUFACTURING,
    }
}

const COMMUNITIES: &[&str] = &[
    "翠湖花园",
    "锦绣华庭",
    "阳光新城",
    "御景湾",
    "碧桂苑",
    "金域蓝湾",
    "万科城",
    "世纪华府",
    "滨江壹号",
    "龙湖名苑",
    "半山豪庭",
    "紫荆苑",
];
const COMMON_AREAS: &[&str] = &[
    "小区东门",
    "小区南门",
    "地下车库B1层",
    "地下车库B2层",
    "中心花园",
    "儿童游乐区",
    "会所",
    "小区主干道",
    "楼道",
    "单元大堂",
];
const GREEN_AREAS: &[&str] = &[
    "中心花园",
    "小区东门绿化带",
    "楼前绿地",
    "儿童游乐区旁草坪",
    "沿河步道",
    "南门绿篱",
];
/// (brand, product category, products) at the mall.
const MALL_BRANDS: &[(&str, usize, &[&str])] = &[
    ("耐克", 1, &["运动鞋", "篮球鞋", "运动外套"]),
    ("安踏", 1, &["跑鞋", "板鞋"]),
    ("李宁", 0, &["卫衣", "运动裤", "冲锋衣"]),
    ("优衣库", 0, &["羽绒服", "衬衫", "牛仔裤"]),
    ("太平鸟", 0, &["连衣裙", "羊毛大衣"]),
    ("海澜之家", 0, &["西装", "衬衫", "夹克"]),
    ("波司登", 0, &["羽绒服", "羽绒马甲"]),
    ("巴拉巴拉", 0, &["童装", "儿童羽绒服"]),
    ("美的", 2, &["电饭煲", "空气炸锅", "电风扇"]),
    ("九阳", 2, &["豆浆机", "破壁机"]),
    ("小米之家", 2, &["手机", "扫地机器人", "蓝牙耳机"]),
    ("华为", 2, &["手机", "智能手表", "平板电脑"]),
    ("苏泊尔", 5, &["保温杯", "不粘锅", "电压力锅"]),
    ("雅诗兰黛", 3, &["护肤套装", "面霜", "精华液"]),
    ("周大福", 4, &["黄金手镯", "钻石戒指", "金项链"]),
    ("罗莱家纺", 0, &["床上四件套", "蚕丝被"]),
    ("新秀丽", 5, &["行李箱", "双肩包"]),
];
const CAT_DEFECTS: [&[&str]; 6] = [
    &["洗后严重掉色", "起球严重", "拉链断裂", "开线", "缩水严重"],
    &["穿了不到一周就开胶", "鞋底断裂", "鞋面开裂", "磨脚且左右码数不一"],
    &["使用几天后无法开机", "通电后有焦糊味", "运行时异响", "充不进电"],
    &["使用后皮肤过敏红肿", "与专柜试用装不一致", "疑似临期产品"],
    &["镶嵌的钻石脱落", "克重与标签不符", "表面划痕明显"],
    &["有刺鼻异味", "做工粗糙", "尺寸与标签不符", "把手断裂"],
];
const FOODS: &[&str] = &[
    "牛奶",
    "酸奶",
    "面包",
    "进口饼干",
    "速冻水饺",
    "火腿肠",
    "猪肉",
    "大米",
    "食用油",
    "坚果礼盒",
    "鲜榨果汁",
];
const STORES: &[&str] = &[
    "万象城店",
    "海岸城店",
    "国贸店",
    "天河店",
    "春熙路店",
    "西湖店",
    "五角场店",
    "解放碑店",
    "南京东路店",
    "中山路店",
];
const TABLES: &[&str] = &["大厅{n}号桌", "包间{r}", "二楼{n}号桌", "靠窗{n}号桌", "包间{r}", ""];
const CITY_PREFIX: &[&str] = &[
    "深圳市",
    "东莞市",
    "广州市",
    "苏州市",
    "惠州市",
    "佛山市",
    "上海市",
    "昆山市",
    "珠海市",
    "中山市",
];
const ORG_CORE: &[&str] = &[
    "华科", "鑫达", "科瑞", "联创", "恒通", "华信", "兴达", "宏图", "博远", "天瑞", "创维", "力源", "中晶", "新锐",
    "海纳", "明阳", "金百", "永昇", "德赛", "汇川", "瑞丰", "捷联", "晶华", "广和",
];
const ORG_KIND: &[&str] = &["电子", "科技", "电气", "智能科技", "通信", "光电", "汽车电子", "精密"];
const FOREIGN_ORGS: &[&str] = &[
    "Nordtek Elektronik GmbH",
    "Sunrise Circuits Inc.",
    "Kōyō Denshi Co., Ltd.",
    "Hanil Electronics Co., Ltd.",
    "Vina Tech JSC",
    "香港聯華電子有限公司",
    "台灣鴻昇科技股份有限公司",
    "Pacific Controls Pte. Ltd.",
    "Maple Systems Ltd.",
];
const INDUSTRIAL_AREAS: &[&str] = &[
    "深圳市宝安区福永街道凤凰工业园",
    "深圳市龙岗区坂田街道",
    "深圳市宝安区沙井街道新桥工业园",
    "东莞市长安镇沙头工业区",
    "东莞市松山湖高新区",
    "苏州市工业园区星湖街",
    "惠州市仲恺高新区",
    "昆山市开发区",
    "珠海市高新区科技园",
    "佛山市顺德区大良工业园",
];
const DISTRICT_ROADS: &[&str] = &[
    "福田区景田路",
    "南山区桃园路",
    "天河区体育西路",
    "越秀区中山五路",
    "罗湖区东门路",
    "宝安区新安四路",
    "龙华区民治大道",
];
const VOID_REASONS: &[&str] = &[
    "重复登记",
    "客户信息登记错误,已重新登记",
    "误登记:系咨询非投诉",
    "测试数据",
    "登记时选错业务线,已重新登记",
];

// ---------------------------------------------------------------------------
// Generator

#[derive(Debug, Clone)]
struct Customer {
    name: String,
    phone: String,
    address: String,
    org: String,
    market: Market,
}

/// Deterministic generator of demo cases; same seed, same sequence.
#[derive(Debug, Clone)]
pub struct DemoGenerator {
    rng: Rng,
    /// Earlier customers per business line, for repeat complaints.
    pools: [Vec<Customer>; 4],
}

const POOL_CAP: usize = 4096;
const SECS_PER_DAY: i64 = 86_400;
const CHINA_OFFSET: i64 = 8 * 3600;

const STATUS_ORDER: [CaseStatus; 10] = [
    CaseStatus::Registered,
    CaseStatus::Assessed,
    CaseStatus::Routed,
    CaseStatus::Investigating,
    CaseStatus::Proposed,
    CaseStatus::Approved,
    CaseStatus::Answered,
    CaseStatus::Executed,
    CaseStatus::FollowedUp,
    CaseStatus::Closed,
];

/// Minutes of a working day, 8:00–21:00, weighted by hour (busier mid-morning and afternoon).
const HOUR_WEIGHTS: [u32; 13] = [4, 9, 12, 11, 7, 6, 9, 11, 10, 8, 6, 5, 3];

impl DemoGenerator {
    pub fn new(seed: u64) -> Self {
        DemoGenerator {
            rng: Rng(seed ^ 0x6A09_E667_F3BC_C908),
            pools: Default::default(),
        }
    }

    /// The next case, received at some time in the `days` days before `now`
    /// (working hours 8:00–21:00 China time), older cases more likely closed.
    pub fn next_case(&mut self, now: DateTime<Utc>, days: i64) -> DemoCase {
        let days = days.max(1);
        let line = LINES[self.rng.weighted(&LINE_WEIGHTS)];
        let voc = vocab(line);
        let topic = &voc.topics[self.rng.weighted_by(voc.topics, |t| t.weight)];

        let received_at = self.received_at(now, days);
        let age_days = (now - received_at).num_days();
        let customer = self.customer(line);

        // 严重程度
        let mut severity = match self.rng.below(1000) {
            0..=799 => Severity::Normal,
            800..=969 => Severity::Important,
            _ => Severity::Critical,
        };
        let channel = Channel::ALL[self.rng.weighted(&voc.channel_weights)];
        if topic.grave && severity == Severity::Normal && self.rng.chance(250) {
            severity = Severity::Important;
        }
        if matches!(channel, Channel::Media | Channel::Referred) && severity == Severity::Normal {
            severity = Severity::Important;
        }

        // Manufacturing product data.
        let mut mfg = None;
        if line == Line::Manufacturing {
            mfg = Some(self.mfg_data(received_at, topic));
        }

        let (brand, cat, product) = if line == Line::Mall {
            let (brand, cat, products) = self.rng.pick(MALL_BRANDS);
            (brand, cat, self.rng.pick(products))
        } else {
            ("", 0, self.rng.pick(voc.products))
        };
        let claim_amount_fen = if self.rng.chance(topic.claim) {
            Some(self.claim_fen(voc.claim_yuan, severity))
        } else {
            None
        };

        let shop = self.shop(line, &customer, brand);
        let ctx = Ctx {
            line,
            customer: &customer,
            product,
            cat,
            shop,
            mfg: mfg.as_ref(),
            claim_fen: claim_amount_fen,
        };
        let content = self.content(voc, topic, &ctx);
        let customer_request = self.request(voc, topic);

        let (sample_kept, sample_note) = self.sample(line, topic, mfg.as_ref());

        // Where the case stands.
        let mut status = self.status(age_days, channel);
        let mut void_reason = None;
        let mut validity = None;
        let mut malicious = false;
        if self.rng.chance(10) {
            status = CaseStatus::Voided;
            void_reason = Some(self.rng.pick(VOID_REASONS));
        } else if status != CaseStatus::Registered {
            if self.rng.chance(50) {
                validity = Some(Validity::Invalid);
                status = CaseStatus::Closed;
                malicious = self.rng.chance(250);
            } else {
                validity = Some(Validity::Valid);
                malicious = self.rng.chance(2);
            }
        }

        let department = match (status, validity) {
            (CaseStatus::Voided, _) | (CaseStatus::Registered, _) => None,
            (CaseStatus::Assessed, _) if self.rng.chance(500) => None,
            (_, Some(Validity::Invalid)) if self.rng.chance(600) => Some("客服部"),
            _ if severity == Severity::Critical && self.rng.chance(300) => Some("总经理室"),
            _ => Some(self.rng.pick(topic.depts)),
        };

        let cause_type = if status == CaseStatus::Registered && self.rng.chance(300) {
            None
        } else if self.rng.chance(60) {
            Some(CauseType::Other)
        } else {
            Some(self.rng.pick(topic.causes))
        };
        let nature = if line == Line::Manufacturing || !self.rng.chance(150) {
            Some(topic.nature)
        } else {
            None
        };

        let (order_no, item_no, quantity, delivery_date, defective_quantity, market) = match mfg {
            Some(m) => (
                m.order_no,
                m.item_no,
                Some(m.quantity),
                Some(m.delivery),
                m.defective,
                Some(customer.market),
            ),
            None => (String::new(), String::new(), None, None, None, None),
        };

        DemoCase {
            fields: CaseFields {
                received_at,
                channel,
                customer_name: customer.name,
                customer_phone: customer.phone,
                customer_address: customer.address,
                customer_org: customer.org,
                content,
                customer_request,
                claim_amount_fen,
                order_no,
                item_no,
                quantity,
                delivery_date,
                defective_quantity,
                market,
                nature,
                cause_type,
                severity,
                department_id: None,
                sample_kept,
                sample_note,
            },
            status,
            department,
            receiver: self.rng.pick(AGENTS),
            validity,
            malicious,
            void_reason,
        }
    }

    fn received_at(&mut self, now: DateTime<Utc>, days: i64) -> DateTime<Utc> {
        let now_ts = now.timestamp();
        // Midnight China time of today, as a UTC timestamp.
        let today = (now_ts + CHINA_OFFSET).div_euclid(SECS_PER_DAY) * SECS_PER_DAY - CHINA_OFFSET;
        let now_secs_of_day = now_ts - today;
        let day_back = self.rng.below(days as usize) as i64;
        let mut ts;
        if day_back == 0 && now_secs_of_day > 8 * 3600 + 60 {
            // Today: some time between 8:00 and now (or 21:00).
            let end = now_secs_of_day.min(21 * 3600);
            ts = today + self.rng.range(8 * 3600, end - 1);
        } else {
            let hour = 8 + self.rng.weighted(&HOUR_WEIGHTS) as i64;
            ts = today - day_back * SECS_PER_DAY + hour * 3600 + self.rng.range(0, 3599);
            if ts >= now_ts {
                ts -= SECS_PER_DAY;
            }
        }
        DateTime::from_timestamp(ts, 0).unwrap_or(now)
    }

    fn status(&mut self, age_days: i64, channel: Channel) -> CaseStatus {
        // Complaints settled on the spot close quickly.
        if channel == Channel::OnSite && age_days >= 1 && self.rng.chance(350) {
            return CaseStatus::Closed;
        }
        if age_days > 30 {
            if self.rng.chance(920) {
                return CaseStatus::Closed;
            }
            return STATUS_ORDER[self.rng.range(3, 8) as usize];
        }
        let idx = age_days as f64 / 2.5 + self.rng.unit() * 4.5 - 1.2;
        STATUS_ORDER[idx.clamp(0.0, 9.0) as usize]
    }

    fn customer(&mut self, line: Line) -> Customer {
        let li = line as usize;
        let pool_len = self.pools[li].len();
        if pool_len > 20 && self.rng.chance(100) {
            return self.pools[li][self.rng.below(pool_len)].clone();
        }
        let market = if line == Line::Manufacturing && self.rng.chance(300) {
            Market::Foreign
        } else {
            Market::Domestic
        };
        let c = Customer {
            name: self.name(),
            phone: self.phone(if line == Line::Manufacturing { 450 } else { 130 }),
            address: self.address(line),
            org: self.org(line, market),
            market,
        };
        if pool_len < POOL_CAP {
            self.pools[li].push(c.clone());
        } else if self.rng.chance(100) {
            let slot = self.rng.below(pool_len);
            self.pools[li][slot] = c.clone();
        }
        c
    }

    fn name(&mut self) -> String {
        let mut s = String::with_capacity(12);
        s.push_str(self.rng.pick_front(SURNAMES));
        if self.rng.chance(30) {
            s.push_str(if self.rng.chance(500) { "先生" } else { "女士" });
            return s;
        }
        let two = self.rng.chance(700);
        for i in 0..(1 + two as usize) {
            let g = if self.rng.chance(25) {
                self.rng.pick(GIVEN_TRAD)
            } else {
                self.rng.pick(GIVEN)
            };
            if i == 1 && s.ends_with(g) && self.rng.chance(500) {
                s.push_str(self.rng.pick(GIVEN));
            } else {
                s.push_str(g);
            }
        }
        s
    }

    /// A mobile, or a landline with area code (`landline_pm` per mille), sometimes with an extension.
    fn phone(&mut self, landline_pm: u32) -> String {
        let mut s = String::with_capacity(20);
        if !self.rng.chance(landline_pm) {
            s.push_str(self.rng.pick(MOBILE_PREFIXES));
            let _ = write!(s, "{:08}", self.rng.below(100_000_000));
            return s;
        }
        let (area, len) = self.rng.pick(AREA_CODES);
        s.push_str(area);
        s.push('-');
        s.push((b'2' + self.rng.below(7) as u8) as char);
        let rest = self.rng.below(10usize.pow(len as u32 - 1));
        let _ = write!(s, "{:0width$}", rest, width = len - 1);
        if self.rng.chance(200) {
            let _ = write!(s, "-{}", self.rng.range(100, 8999));
        }
        s
    }

    fn address(&mut self, line: Line) -> String {
        let mut s = String::with_capacity(48);
        match line {
            Line::Property => {
                let _ = write!(
                    s,
                    "{}{}栋{}单元{}{:02}",
                    self.rng.pick(COMMUNITIES),
                    self.rng.range(1, 32),
                    self.rng.range(1, 4),
                    self.rng.range(1, 33),
                    self.rng.range(1, 6)
                );
            }
            Line::Mall => {
                let floor = self.rng.range(0, 6);
                let shop = self.rng.range(1, 60);
                if floor == 0 {
                    let _ = write!(s, "B1层 B-1{shop:02} 商铺");
                } else {
                    let _ = write!(s, "{floor}层 L-{floor}{shop:02} 商铺");
                }
            }
            Line::Restaurant => {
                if self.rng.chance(400) {
                    let _ = write!(s, "{}{}号", self.rng.pick(DISTRICT_ROADS), self.rng.range(1, 399));
                } else {
                    s.push_str(self.rng.pick(STORES));
                }
            }
            Line::Manufacturing => {
                let _ = write!(s, "{}{}栋", self.rng.pick(INDUSTRIAL_AREAS), self.rng.range(1, 12));
            }
        }
        s
    }

    fn org(&mut self, line: Line, market: Market) -> String {
        match (line, market) {
            (Line::Manufacturing, Market::Foreign) => self.rng.pick(FOREIGN_ORGS).to_string(),
            (Line::Manufacturing, _) => {
                let mut s = String::with_capacity(40);
                s.push_str(self.rng.pick(CITY_PREFIX));
                s.push_str(self.rng.pick(ORG_CORE));
                s.push_str(self.rng.pick(ORG_KIND));
                s.push_str(if self.rng.chance(150) {
                    "股份有限公司"
                } else {
                    "有限公司"
                });
                s
            }
            (Line::Property, _) if self.rng.chance(60) => format!("{}餐饮店", self.rng.pick(ORG_CORE)),
            _ => String::new(),
        }
    }

    fn mfg_data(&mut self, received_at: DateTime<Utc>, topic: &Topic) -> MfgData {
        let delivery = (received_at + Duration::hours(8)).date_naive() - Duration::days(self.rng.range(2, 45));
        let ordered = delivery - Duration::days(self.rng.range(7, 35));
        let order_no = format!(
            "SO{:02}{:02}-{:04}",
            ordered.year() % 100,
            ordered.month(),
            self.rng.range(1, 2800)
        );
        let layers = self.rng.pick(&[2, 2, 4, 4, 4, 6, 6, 8, 10, 12]);
        let thick = self.rng.pick(&["0.8", "1.0", "1.2", "1.6", "1.6", "1.6", "2.0"]);
        let item_no = format!("PCB-{layers}L-{thick}-{:04}", self.rng.range(1, 1999));
        let step = self.rng.pick(&[50, 100, 100, 500, 1000]);
        let quantity = self.rng.range(1, 60) * step;
        let defective = if topic.nature == Nature::Quality || topic.phrases[0].contains("{b}") {
            let pct = 0.003 + self.rng.unit() * self.rng.unit() * 0.35;
            Some(((quantity as f64 * pct).round() as i64).clamp(1, quantity))
        } else {
            None
        };
        MfgData {
            order_no,
            item_no,
            quantity,
            delivery,
            defective,
        }
    }

    fn claim_fen(&mut self, (lo, hi): (f64, f64), severity: Severity) -> i64 {
        let mut u = self.rng.unit();
        if severity != Severity::Normal {
            u = u.sqrt(); // graver cases claim more
        }
        let yuan = lo * (hi / lo).powf(u);
        let step = match yuan {
            y if y < 200.0 => 5.0,
            y if y < 2_000.0 => 50.0,
            y if y < 20_000.0 => 100.0,
            y if y < 100_000.0 => 500.0,
            _ => 1000.0,
        };
        let yuan = ((yuan / step).round() * step).clamp(lo, hi) as i64;
        let mut fen = yuan * 100;
        if lo < 100.0 && self.rng.chance(150) {
            fen += 50; // a restaurant bill to the jiao: ¥128.50
        }
        fen
    }

    fn content(&mut self, voc: &LineVocab, topic: &Topic, ctx: &Ctx) -> String {
        let mut s = String::with_capacity(320);
        s.push_str(self.rng.pick(voc.openers));
        if ctx.line != Line::Manufacturing {
            s.push_str(self.rng.pick(WHEN));
        }
        if ctx.line == Line::Restaurant && self.rng.chance(600) {
            s.push('在');
            if ctx.customer.address.ends_with('店') {
                s.push_str(&ctx.customer.address);
            } else {
                s.push_str(self.rng.pick(STORES));
            }
            s.push_str(&ctx.shop);
            s.push_str("用餐时,");
        }
        let phrase = self.rng.pick(topic.phrases);
        self.render(phrase, &mut s, ctx);
        let head_end = s.len();
        if self.rng.chance(850) {
            s.push(',');
            let detail = self.rng.pick(topic.details);
            self.render(detail, &mut s, ctx);
        }
        let detail_end = s.len();
        let emotion = self.rng.pick(EMOTIONS);
        if !emotion.is_empty() && self.rng.chance(700) {
            s.push(',');
            s.push_str(emotion);
        }
        s.push('。');
        if s.chars().count() > 120 {
            s.truncate(detail_end);
            s.push('。');
            if s.chars().count() > 120 {
                s.truncate(head_end);
                s.push('。');
            }
        }
        if s.chars().count() < 20 {
            s.pop();
            s.push_str(",请相关部门尽快核实处理。");
        }
        s
    }

    /// Where it happened, for `{s}`: a brand counter at the mall, a table at the restaurant.
    fn shop(&mut self, line: Line, customer: &Customer, brand: &str) -> String {
        let mut t = String::new();
        match line {
            Line::Mall => {
                if self.rng.chance(500) {
                    t.push_str(customer.address.split('层').next().unwrap_or(""));
                    t.push('层');
                }
                t.push_str(brand);
                t.push_str("专柜");
            }
            Line::Restaurant => {
                let table = self.rng.pick(TABLES);
                for part in table.split_inclusive('}') {
                    if let Some(stripped) = part.strip_suffix("{n}") {
                        t.push_str(stripped);
                        let _ = write!(t, "{}", self.rng.range(1, 40));
                    } else if let Some(stripped) = part.strip_suffix("{r}") {
                        t.push_str(stripped);
                        let _ = write!(t, "{}", self.rng.range(201, 218));
                    } else {
                        t.push_str(part);
                    }
                }
            }
            _ => {}
        }
        t
    }

    fn render(&mut self, template: &str, out: &mut String, ctx: &Ctx) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').expect("closed placeholder");
            match &rest[open + 1..close] {
                "h" => {
                    // The customer's own unit, without the community name, or just "家中".
                    if ctx.line == Line::Property && self.rng.chance(600) {
                        let a = &ctx.customer.address;
                        let unit = a.find(|c: char| c.is_ascii_digit()).map(|i| &a[i..]).unwrap_or(a);
                        out.push_str(unit);
                    } else {
                        out.push_str("家中");
                    }
                }
                "c" => out.push_str(self.rng.pick(COMMON_AREAS)),
                "g" => out.push_str(self.rng.pick(GREEN_AREAS)),
                "u" => {
                    let _ = write!(out, "{}栋{}单元", self.rng.range(1, 32), self.rng.range(1, 4));
                }
                "p" => out.push_str(if ctx.product.is_empty() { "产品" } else { ctx.product }),
                "x" => out.push_str(self.rng.pick(CAT_DEFECTS[ctx.cat])),
                "f" => out.push_str(self.rng.pick(FOODS)),
                "s" => out.push_str(if ctx.shop.is_empty() { "店内" } else { &ctx.shop }),
                "n" => {
                    let _ = write!(out, "{}", self.rng.range(2, 6));
                }
                "m" => {
                    let _ = write!(out, "{}", self.rng.range(6, 18) * 5);
                }
                "a" => {
                    let yuan = match (ctx.line, ctx.claim_fen) {
                        (Line::Manufacturing, Some(f)) => f / 100,
                        _ => self.rng.range(3, 300) * 10 - 1,
                    };
                    let _ = write!(out, "{yuan}");
                }
                "q" => {
                    let _ = write!(out, "{}", ctx.mfg.map(|m| m.quantity).unwrap_or(0));
                }
                "b" => {
                    let _ = write!(out, "{}", ctx.mfg.and_then(|m| m.defective).unwrap_or(1));
                }
                "o" => out.push_str(ctx.mfg.map(|m| m.order_no.as_str()).unwrap_or("")),
                "i" => out.push_str(ctx.mfg.map(|m| m.item_no.as_str()).unwrap_or("")),
                "d" => {
                    if let Some(m) = ctx.mfg {
                        let _ = write!(out, "{}月{}日", m.delivery.month(), m.delivery.day());
                    }
                }
                other => out.push_str(other),
            }
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
    }

    fn request(&mut self, voc: &LineVocab, topic: &Topic) -> String {
        let first = self.rng.pick(topic.requests);
        let mut s = String::with_capacity(64);
        s.push_str(first);
        if self.rng.chance(250) {
            let second = self.rng.pick(voc.extra_requests);
            if !first.contains('并') && second != first {
                s.push_str(",并");
                s.push_str(second.trim_start_matches("要求"));
            }
        }
        s
    }

    fn sample(&mut self, line: Line, topic: &Topic, mfg: Option<&MfgData>) -> (bool, String) {
        if topic.sample && self.rng.chance(450) {
            let note = match line {
                Line::Manufacturing => {
                    let bad = mfg.and_then(|m| m.defective).unwrap_or(5);
                    let n = self.rng.range(1, bad.clamp(1, 20));
                    format!("不良样品 {n} 片已留存质量管理部")
                }
                Line::Restaurant => self
                    .rng
                    .pick(&[
                        "剩余菜品已封存冷藏待送检",
                        "问题菜品已封存,留存质量管理部",
                        "菜品及消费小票已留存餐饮部",
                    ])
                    .to_string(),
                _ => self
                    .rng
                    .pick(&[
                        "问题商品已留存客服部待送检",
                        "问题商品及购物小票已留存",
                        "样品已封存,留存质量管理部",
                    ])
                    .to_string(),
            };
            return (true, note);
        }
        if self.rng.chance(120) {
            let n = self.rng.range(1, 9);
            let what = match line {
                Line::Manufacturing => "客户来函及不良照片",
                Line::Property => "现场照片",
                _ => "顾客提供的照片",
            };
            return (false, format!("{what} {n} 张已附"));
        }
        (false, String::new())
    }
}

/// What placeholders are filled from.
struct Ctx<'a> {
    line: Line,
    customer: &'a Customer,
    product: &'static str,
    /// product category at the mall (index into `CAT_DEFECTS`)
    cat: usize,
    shop: String,
    mfg: Option<&'a MfgData>,
    claim_fen: Option<i64>,
}

struct MfgData {
    order_no: String,
    item_no: String,
    quantity: i64,
    delivery: NaiveDate,
    defective: Option<i64>,
}

impl Rng {
    fn weighted_by<T>(&mut self, items: &[T], weight: impl Fn(&T) -> u32) -> usize {
        let total: u32 = items.iter().map(&weight).sum();
        let mut r = (self.next_u64() % total as u64) as u32;
        for (i, item) in items.iter().enumerate() {
            let w = weight(item);
            if r < w {
                return i;
            }
            r -= w;
        }
        items.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-18T06:30:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn batch(seed: u64, n: usize) -> Vec<DemoCase> {
        let mut g = DemoGenerator::new(seed);
        (0..n).map(|_| g.next_case(now(), 180)).collect()
    }

    fn is_mfg(c: &DemoCase) -> bool {
        c.fields.item_no.starts_with("PCB-")
    }

    #[test]
    fn demo_is_deterministic() {
        assert_eq!(batch(7, 300), batch(7, 300));
        assert_ne!(batch(7, 50), batch(8, 50));
    }

    #[test]
    fn demo_covers_every_line_and_vocabulary() {
        let cases = batch(42, 2000);
        for ch in Channel::ALL {
            assert!(cases.iter().any(|c| c.fields.channel == *ch), "channel {ch:?}");
        }
        for sev in Severity::ALL {
            assert!(cases.iter().any(|c| c.fields.severity == *sev), "severity {sev:?}");
        }
        for st in CaseStatus::ALL {
            assert!(cases.iter().any(|c| c.status == *st), "status {st:?}");
        }
        // The four business lines, recognised by their vocabulary.
        assert!(
            cases
                .iter()
                .any(|c| c.fields.customer_address.contains('栋') && c.fields.customer_org.is_empty()),
            "property"
        );
        assert!(cases.iter().any(|c| c.fields.customer_address.contains("商铺")), "mall");
        assert!(cases.iter().any(|c| c.department == Some("餐饮部")), "restaurant");
        assert!(cases.iter().any(is_mfg), "manufacturing");
        for c in &cases {
            if is_mfg(c) {
                assert!(
                    c.fields.order_no.starts_with("SO") && c.fields.order_no.len() == 11,
                    "{}",
                    c.fields.order_no
                );
                assert!(c.fields.quantity.is_some() && c.fields.delivery_date.is_some() && c.fields.market.is_some());
                assert!(c.fields.nature.is_some());
                assert!(!c.fields.customer_org.is_empty());
                if let Some(bad) = c.fields.defective_quantity {
                    assert!(bad >= 1 && bad <= c.fields.quantity.unwrap());
                }
            } else {
                assert!(c.fields.order_no.is_empty() && c.fields.item_no.is_empty());
                assert!(c.fields.quantity.is_none() && c.fields.delivery_date.is_none());
                assert!(c.fields.defective_quantity.is_none() && c.fields.market.is_none());
            }
        }
    }

    #[test]
    fn demo_phones_are_mobiles_or_landlines() {
        for c in batch(3, 2000) {
            let p = &c.fields.customer_phone;
            let mobile = p.len() == 11
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.starts_with('1')
                && (b'3'..=b'9').contains(&p.as_bytes()[1]);
            let landline = p.starts_with('0') && p.contains('-') && p.bytes().all(|b| b.is_ascii_digit() || b == b'-');
            assert!(mobile || landline, "{p}");
            assert!(crate::phone::normalize(p).is_ok(), "{p}");
        }
    }

    #[test]
    fn demo_contents_are_varied_and_bounded() {
        let cases = batch(11, 2000);
        let mut distinct = HashSet::new();
        for c in &cases {
            let n = c.fields.content.chars().count();
            assert!((20..=120).contains(&n), "{n}: {}", c.fields.content);
            distinct.insert(c.fields.content.as_str());
        }
        assert!(distinct.len() >= 1500, "only {} distinct contents", distinct.len());
    }

    #[test]
    fn demo_cases_pass_validation_and_are_consistent() {
        let now = now();
        let cases = batch(99, 2000);
        let mut repeat = HashSet::new();
        let mut repeats = 0;
        for c in &cases {
            assert!(c.fields.received_at <= now);
            assert!(c.fields.received_at > now - Duration::days(182));
            let local = c.fields.received_at + Duration::hours(8);
            let hour = chrono::Timelike::hour(&local);
            assert!((8..21).contains(&hour), "{}", c.fields.received_at);
            crate::validate::case_fields(c.fields.clone(), now).expect("valid demo case");
            assert!(c.fields.department_id.is_none());
            assert!(AGENTS.contains(&c.receiver));
            if let Some(d) = c.department {
                assert!(DEPARTMENTS.contains(&d), "{d}");
            }
            assert_eq!(c.void_reason.is_some(), c.status == CaseStatus::Voided);
            if c.status == CaseStatus::Registered {
                assert!(c.validity.is_none() && c.department.is_none());
            }
            if c.validity == Some(Validity::Invalid) {
                assert_eq!(c.status, CaseStatus::Closed);
            }
            if let Some(fen) = c.fields.claim_amount_fen {
                assert!((5_000..=30_000_000).contains(&fen), "{fen}");
            }
            if !repeat.insert((c.fields.customer_name.clone(), c.fields.customer_phone.clone())) {
                repeats += 1;
            }
        }
        assert!((100..400).contains(&repeats), "{repeats} repeat customers");
        let old_closed = cases.iter().filter(|c| now - c.fields.received_at > Duration::days(30));
        let (old, closed) = old_closed.fold((0, 0), |(o, cl), c| {
            (o + 1, cl + (c.status == CaseStatus::Closed) as i32)
        });
        assert!(closed * 10 > old * 8, "{closed}/{old} old cases closed");
    }

    /// `cargo test -p complaintdesk-core --release demo_speed -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn demo_speed() {
        let mut g = DemoGenerator::new(1);
        let now = Utc::now();
        let t = std::time::Instant::now();
        let mut bytes = 0usize;
        for _ in 0..1_000_000 {
            bytes += g.next_case(now, 365).fields.content.len();
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "1,000,000 demo cases in {s:.2}s = {:.0}/s ({bytes} content bytes)",
            1e6 / s
        );
    }
}
