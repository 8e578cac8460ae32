//! The built-in lists of SPEC §16.10: 100 common typos (wrong → right), three exceptions and the
//! platforms' trusted hosts. No political content; a release changes them only with the SPEC.

/// 《咬文嚼字》's 当代汉语出版物中最常见的100个别字 (81 of them), then 19 common in government
/// writing: `wrong→right`, separated by 、.
pub(crate) const TYPOS: &str = "按装→安装、甘败下风→甘拜下风、自抱自弃→自暴自弃、针贬→针砭、泊来品→舶来品、脉膊→脉搏、松驰→松弛、\
一愁莫展→一筹莫展、穿流不息→川流不息、精萃→精粹、重迭→重叠、渡假村→度假村、防碍→妨碍、幅射→辐射、\
一幅对联→一副对联、天翻地复→天翻地覆、言简意骇→言简意赅、气慨→气概、一股作气→一鼓作气、\
悬梁刺骨→悬梁刺股、粗旷→粗犷、食不裹腹→食不果腹、震憾→震撼、侯车室→候车室、迫不急待→迫不及待、\
一如继往→一如既往、草管人命→草菅人命、娇揉造作→矫揉造作、一诺千斤→一诺千金、不径而走→不胫而走、\
不落巢臼→不落窠臼、烩炙人口→脍炙人口、死皮癞脸→死皮赖脸、兰天白云→蓝天白云、鼎立相助→鼎力相助、\
再接再励→再接再厉、老俩口→老两口、黄梁美梦→黄粱美梦、水笼头→水龙头、杀戳→杀戮、痉孪→痉挛、\
美仑美奂→美轮美奂、蛛丝蚂迹→蛛丝马迹、萎糜不振→萎靡不振、沉缅→沉湎、名信片→明信片、默守成规→墨守成规、\
大姆指→大拇指、沤心沥血→呕心沥血、出奇不意→出其不意、修茸→修葺、亲睐→青睐、磬竹难书→罄竹难书、\
入场卷→入场券、声名雀起→声名鹊起、发韧→发轫、欣尝→欣赏、谈笑风声→谈笑风生、人情事故→人情世故、\
有持无恐→有恃无恐、额首称庆→额手称庆、追朔→追溯、鬼鬼崇崇→鬼鬼祟祟、金榜提名→金榜题名、\
走头无路→走投无路、趋之若骛→趋之若鹜、迁徒→迁徙、洁白无暇→洁白无瑕、九宵→九霄、渲泄→宣泄、寒喧→寒暄、\
弦律→旋律、膺品→赝品、尤如→犹如、竭泽而鱼→竭泽而渔、滥芋充数→滥竽充数、世外桃园→世外桃源、脏款→赃款、\
蜇伏→蛰伏、装祯→装帧、饮鸠止渴→饮鸩止渴、\
截止目前→截至目前、安排布署→安排部署、统筹布署→统筹部署、登陆网站→登录网站、登陆账号→登录账号、\
登陆APP→登录APP、贯切落实→贯彻落实、严励打击→严厉打击、励行节约→厉行节约、精兵减政→精兵简政、\
全力以付→全力以赴、不容质疑→不容置疑、以身做则→以身作则、山青水秀→山清水秀、人才倍出→人才辈出、\
出谋化策→出谋划策、通迅录→通讯录、帐户→账户、欢渡→欢度";

/// Words that contain a typo's letters but are right (按装修面积, 按装机容量, 轻松驰骋).
pub(crate) const EXCEPT: [&str; 3] = ["按装修", "按装机", "松驰骋"];

/// The platforms' hosts, trusted in trusted mode only (SPEC §16.6).
pub(crate) const TRUSTED: [&str; 9] = [
    "gov.cn",
    "weixin.qq.com",
    "weibo.com",
    "weibo.cn",
    "douyin.com",
    "toutiao.com",
    "kuaishou.com",
    "bilibili.com",
    "xiaohongshu.com",
];

/// The typos as `(wrong, right)` pairs.
pub(crate) fn typos() -> impl Iterator<Item = (&'static str, &'static str)> {
    TYPOS.split('、').filter_map(|pair| pair.split_once('→'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_typo_list_holds_100_distinct_pairs() {
        let pairs: Vec<_> = typos().collect();
        assert_eq!(pairs.len(), 100);
        let wrong: std::collections::BTreeSet<_> = pairs.iter().map(|p| p.0).collect();
        assert_eq!(wrong.len(), 100);
        assert!(
            pairs
                .iter()
                .all(|(w, r)| w != r && !w.is_empty() && !r.is_empty())
        );
        assert_eq!(pairs[0], ("按装", "安装"));
        assert_eq!(pairs[99], ("欢渡", "欢度"));
    }
}
