//! The vocabulary of the synthetic data: district names, the units a district has (with the short
//! word its accounts are named after), titles, sources. Modelled on a real district (定海区).

use crate::model::UnitType;

/// Characters district names are made of (two each); the first pairs are real Zhoushan names.
pub(super) const DISTRICT_NAMES: &[&str] = &["定海", "普陀", "岱山", "嵊泗"];
/// Syllables combined into further district names at larger scales.
pub(super) const DISTRICT_SYLLABLES: &[&str] = &[
    "东", "西", "南", "北", "安", "平", "新", "兴", "永", "长", "清", "江", "海", "山", "河", "城",
    "宁", "华", "丰", "泰", "德", "临", "阳", "昌", "龙", "凤", "金", "玉", "云", "青", "白", "石",
    "桥", "湖", "溪", "林", "崇", "嘉", "瑞", "福",
];

/// One unit of the district template.
pub(super) struct UnitTemplate {
    /// Name after the district prefix (`区教育局`).
    pub name: &'static str,
    /// Unit type.
    pub unit_type: UnitType,
    /// The word its accounts are named after (`教育` → `定海教育`).
    pub keyword: &'static str,
    /// Index into [`DISTRICT_UNITS`] of its parent, if any.
    pub parent: Option<usize>,
    /// Exemption reason, if any.
    pub exempt: Option<&'static str>,
}

const fn unit(
    name: &'static str,
    unit_type: UnitType,
    keyword: &'static str,
    parent: Option<usize>,
) -> UnitTemplate {
    UnitTemplate {
        name,
        unit_type,
        keyword,
        parent,
        exempt: None,
    }
}

use UnitType::{Agency, Department, Enterprise, Institution, Other};

/// The units of one district besides its townships and subdistricts. Index 0 is the district
/// government office, parent of the working departments.
pub(super) const DISTRICT_UNITS: &[UnitTemplate] = &[
    unit("区人民政府办公室", Department, "发布", None),
    unit("区教育局", Department, "教育", Some(0)),
    unit("区卫生健康局", Department, "健康", Some(0)),
    unit("区公安分局", Department, "公安", Some(0)),
    unit("区民政局", Department, "民政", Some(0)),
    unit("区财政局", Department, "财政", Some(0)),
    unit("区人力资源和社会保障局", Department, "人社", Some(0)),
    unit("区自然资源和规划分局", Department, "自然资源", Some(0)),
    unit("区住房和城乡建设局", Department, "住建", Some(0)),
    unit("区交通运输局", Department, "交通", Some(0)),
    unit("区农业农村局", Department, "农业农村", Some(0)),
    unit("区商务局", Department, "商务", Some(0)),
    unit("区文化和广电旅游体育局", Department, "文旅", Some(0)),
    unit("区应急管理局", Department, "应急", Some(0)),
    unit("区市场监督管理局", Department, "市场监管", Some(0)),
    unit("区医疗保障局", Department, "医保", Some(0)),
    unit("区统计局", Department, "统计", Some(0)),
    unit("区司法局", Department, "司法", Some(0)),
    unit("区审计局", Department, "审计", Some(0)),
    unit("区退役军人事务局", Department, "退役军人", Some(0)),
    unit("区生态环境分局", Department, "生态环境", Some(0)),
    unit("区综合行政执法局", Department, "执法", Some(0)),
    unit("区发展和改革局", Department, "发改", Some(0)),
    unit("区经济和信息化局", Department, "经信", Some(0)),
    unit("区科学技术局", Department, "科技", Some(0)),
    unit("区信访局", Department, "信访", Some(0)),
    unit("区水利局", Department, "水利", Some(0)),
    unit("区档案局", Department, "档案", Some(0)),
    UnitTemplate {
        name: "区国家保密局",
        unit_type: Department,
        keyword: "保密",
        parent: Some(0),
        exempt: Some("涉密单位"),
    },
    UnitTemplate {
        name: "区机关事务管理中心",
        unit_type: Department,
        keyword: "机关事务",
        parent: Some(0),
        exempt: Some("不对外行使公共管理职能"),
    },
    unit("区经济开发区管理委员会", Agency, "开发区", Some(0)),
    unit("区海洋产业集聚区管理委员会", Agency, "海洋产业", Some(0)),
    unit("区公安分局城关派出所", Agency, "城关警务", Some(3)),
    unit("区人民医院", Institution, "人民医院", Some(2)),
    unit("区中医院", Institution, "中医院", Some(2)),
    unit("区疾病预防控制中心", Institution, "疾控", Some(2)),
    unit("区第一中学", Institution, "一中", Some(1)),
    unit("区实验小学", Institution, "实验小学", Some(1)),
    unit("区图书馆", Institution, "图书馆", Some(12)),
    unit("区博物馆", Institution, "博物馆", Some(12)),
    unit("区社会保险事业管理中心", Institution, "社保", Some(6)),
    unit("区融媒体中心", Institution, "融媒", Some(0)),
    unit("区城市建设投资集团有限公司", Enterprise, "城投", Some(5)),
    unit("区水务集团有限公司", Enterprise, "水务", Some(5)),
    unit("区红十字会", Other, "红十字", None),
    unit("区总工会", Other, "工会", None),
];

/// Place names for townships (镇) and subdistricts (街道).
pub(super) const PLACE_NAMES: &[&str] = &[
    "城东", "昌国", "环南", "解放", "盐仓", "临城", "千岛", "岑港", "马岙", "双桥", "小沙", "白泉",
    "金塘", "干览", "册子", "长白",
];

/// Words a post title is made of.
pub(super) const TITLE_PATTERNS: &[&str] = &[
    "{}工作动态",
    "{}：本周重点工作安排",
    "关于做好{}相关工作的通知",
    "{}政策解读",
    "{}便民服务指南",
    "图说{}",
    "{}：党建引领聚合力",
    "速看！{}最新消息",
    "{}公开征求意见",
    "{}办事指南更新",
    "{}\"微课堂\", 第一期",
    "{}温馨提示\n（全文）",
];

/// Who found a violation.
pub(super) const VIOLATION_SOURCES: &[&str] = &[
    "网信办巡查",
    "群众举报",
    "平台通报",
    "第三方监测",
    "上级抽查",
];

/// What an account is for.
pub(super) const FUNCTIONS: &[&str] = &[
    "信息发布",
    "信息发布、政务服务",
    "政民互动",
    "信息发布、政民互动、政务服务",
];
