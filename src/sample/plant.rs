//! What the sample plants for the content scan (SPEC §16): now and then a title (and, with
//! `--text`, a body) with an error of one of the scan's kinds, or a near miss that must not be
//! nominated. Drawn from a stream of their own, so every other draw of the sample is unchanged.

use crate::rng::Rng;

/// A planted title: `{}` is the account's keyword. Errors S1–S8 first, then near misses.
const TITLES: &[&str] = &[
    "{}全网最低价限时抢购",               // S1: the sample's terms.csv
    "关于{}安排布署的通知",               // S2
    "{}再接再励创佳绩",                   // S2
    "{}定于2月30日开展集中服务",          // S3
    "学习《{}工作条例",                   // S4
    "{}工作工作动态",                     // S5
    "{}通知详见http://oa/notice",         // S6: an intranet name
    "{}报名入口https://ad.example.com/x", // S7: a host of the sample's terms.csv
    "{}资料下载http://203.0.113.7/a.pdf", // S8
    "{}按装修面积计算补贴",               // near misses from here on
    "{}2024年2月29日工作回顾",
    "学习《{}工作条例》",
    "{}环境干干净净",
    "{}详见https://www.gov.cn/zhengce/",
];

/// Sentences of a body: `{}` is the keyword.
const SENTENCES: &[&str] = &[
    "近日，{}召开专题会议，研究部署下一阶段重点工作。",
    "会议要求，各单位要提高站位、压实责任，确保各项任务落到实处。",
    "下一步，{}将持续优化服务流程，提升群众办事便利度。",
    "欢迎广大群众通过政务服务热线反映意见建议。",
    "本次活动共惠及群众三百余人次，取得良好效果。",
];

/// How often a post gets a planted title or sentence.
const RATE: f64 = 0.005;

/// Draws for one account's plants.
pub(super) struct Planter(Rng);

impl Planter {
    pub(super) fn new(seed: u64, account: u32) -> Planter {
        Planter(Rng::new(
            seed,
            super::plan::stream::SCAN,
            u64::from(account),
        ))
    }

    /// The title to write: `title`, or now and then a planted one.
    pub(super) fn title(&mut self, title: String, keyword: &str) -> String {
        if self.0.chance(RATE) {
            self.0.pick(TITLES).replace("{}", keyword)
        } else {
            title
        }
    }

    /// A body of two to four sentences, one of them now and then a planted title.
    pub(super) fn body(&mut self, keyword: &str) -> String {
        let n = self.0.between(2, 4);
        let mut body = String::new();
        for _ in 0..n {
            let sentence = if self.0.chance(RATE) {
                format!("{}。", self.0.pick(TITLES).replace("{}", keyword))
            } else {
                self.0.pick(SENTENCES).replace("{}", keyword)
            };
            body.push_str(&sentence);
        }
        body
    }
}

/// The sample's terms.csv: an office term (S1) and a listed host (S7).
pub(super) const TERMS_CSV: &str = "term,kind,category,suggestion,note\n\
全网最低价,term,commercial_ad,删除,广告法禁用的绝对化用语\n\
ad.example.com,host,ad_link,,样例广告域名\n";
