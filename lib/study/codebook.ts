/**
 * The codebook of this study's variables (design §5): one entry per variable with its role, an
 * English and a Chinese label, a definition in both languages, and the words the findings
 * sentences use. `useStudyDefaults()` hands it to the report layer, which labels tables, figures and
 * sentences from it; a label is changed here, in one place.
 */
import type { Bilingual, Codebook } from "../report/labels";

const lagged: Bilingual = { en: " (t − 1)", zh: "（滞后一期）" };

function bi(en: string, zh: string): Bilingual {
  return { en, zh };
}

/** The study's variables (design §5), in the order of data/panel.csv. */
export const STUDY_CODEBOOK: Codebook = Object.freeze({
  code: { role: "key", label: bi("City", "城市"), definition: bi("6-digit GB/T 2260 city code", "6位GB/T 2260城市行政区划代码") },
  year: { role: "key", label: bi("Year", "年份"), definition: bi("Calendar year, 2007–2023", "年份，2007—2023年") },
  province: { role: "key", label: bi("Province", "省份"), definition: bi("Province of the city (first two digits of the code)", "城市所在省份（代码前两位）") },
  shrink: {
    role: "outcome",
    label: bi("Urban shrinkage", "城市收缩"),
    definition: bi(
      "−(P_t − P_{t−1})/P_{t−1} × 100, P = resident population; higher = more shrinkage",
      "常住人口增长率的相反数：−(P_t − P_{t−1})/P_{t−1} × 100，数值越大表示收缩越严重",
    ),
    concept: bi("urban shrinkage", "城市收缩"),
    measure: bi("the shrinkage rate", "城市收缩率"),
    unit: bi("percentage points", "个百分点"),
  },
  shrink_hukou: {
    role: "alternative outcome",
    label: bi("Shrinkage (registered population)", "城市收缩（户籍人口）"),
    definition: bi(
      "−(P_t − P_{t−1})/P_{t−1} × 100 with P = registered (hukou) population",
      "以户籍人口计算的人口增长率的相反数 × 100",
    ),
    concept: bi("urban shrinkage", "城市收缩"),
    measure: bi("the shrinkage rate of the registered population", "户籍人口收缩率"),
    unit: bi("percentage points", "个百分点"),
  },
  shrink_index: {
    role: "alternative outcome",
    label: bi("Shrinkage index", "城市收缩综合指数"),
    definition: bi(
      "Entropy-weighted composite of population, economic, social and spatial decline",
      "以熵值法合成的人口、经济、社会和空间收缩综合指数",
    ),
    concept: bi("urban shrinkage", "城市收缩"),
    measure: bi("the shrinkage index", "城市收缩综合指数"),
    unit: bi("points", "个单位"),
  },
  ai: {
    role: "core regressor",
    label: bi("AI (robot penetration)", "人工智能（机器人渗透度）"),
    definition: bi(
      "ln(1 + industrial robot stock per 10,000 employees)",
      "ln(1 + 每万名就业人员工业机器人存量)",
    ),
    concept: bi("AI development", "人工智能发展"),
    measure: bi("robot penetration", "工业机器人渗透度"),
  },
  ai_bartik: {
    role: "alternative regressor",
    label: bi("AI (shift-share exposure)", "人工智能（机器人暴露度）"),
    definition: bi(
      "Σ_j (Emp_cj,2006 / Emp_c,2006) · RobotStockCN_jt / Emp_j,2006",
      "Σ_j (2006年城市c行业j就业占比) × 中国行业j机器人存量 / 2006年行业j就业人数",
    ),
    concept: bi("AI development", "人工智能发展"),
    measure: bi("robot exposure", "工业机器人暴露度"),
  },
  ai_firms: {
    role: "alternative regressor",
    label: bi("AI enterprises", "人工智能企业数"),
    definition: bi("ln(1 + number of AI enterprises)", "ln(1 + 人工智能企业数量)"),
    concept: bi("AI development", "人工智能发展"),
    measure: bi("AI enterprises", "人工智能企业数"),
  },
  ai_patents: {
    role: "alternative regressor",
    label: bi("AI patents", "人工智能专利数"),
    definition: bi("ln(1 + number of AI patents)", "ln(1 + 人工智能专利数量)"),
    concept: bi("AI development", "人工智能发展"),
    measure: bi("AI patents", "人工智能专利数"),
  },
  ai_iv: {
    role: "instrument",
    label: bi("US robot exposure (IV)", "美国机器人渗透度（工具变量）"),
    definition: bi(
      "ln(1 + Σ_j share_cj,2006 · US robots_jt per 10,000 US workers of industry j in the base year)",
      "ln(1 + Σ_j 2006年城市行业就业份额 × 美国行业j每万名工人机器人存量)",
    ),
    concept: bi("US robot exposure", "美国机器人渗透度"),
    measure: bi("the US shift-share instrument", "美国机器人渗透度工具变量"),
  },
  lnpgdp: {
    role: "control",
    label: bi("Economic development", "经济发展水平"),
    definition: bi(`ln real GDP per capita${lagged.en}`, `实际人均GDP的对数${lagged.zh}`),
  },
  gov: {
    role: "control",
    label: bi("Government intervention", "政府干预程度"),
    definition: bi(`Fiscal expenditure / GDP${lagged.en}`, `财政支出 / GDP${lagged.zh}`),
  },
  fin: {
    role: "control",
    label: bi("Financial development", "金融发展水平"),
    definition: bi(`(Deposits + loans) / GDP${lagged.en}`, `（存款余额 + 贷款余额）/ GDP${lagged.zh}`),
  },
  open: {
    role: "control",
    label: bi("Openness", "对外开放水平"),
    definition: bi(`FDI (in yuan) / GDP${lagged.en}`, `实际利用外资（折合人民币）/ GDP${lagged.zh}`),
  },
  hc: {
    role: "control",
    label: bi("Human capital", "人力资本水平"),
    definition: bi(`College students per 10,000 people${lagged.en}`, `每万人在校大学生数${lagged.zh}`),
  },
  infra: {
    role: "control",
    label: bi("Infrastructure", "基础设施水平"),
    definition: bi(`Road area per capita${lagged.en}`, `人均道路面积${lagged.zh}`),
  },
  density: {
    role: "control",
    label: bi("Population density", "人口密度"),
    definition: bi(`ln population density${lagged.en}`, `人口密度的对数${lagged.zh}`),
  },
  pop_return: {
    role: "mechanism",
    label: bi("Population return", "人口回流"),
    definition: bi(
      "Net registered in-migration per 1,000 registered residents",
      "每千名户籍人口的户籍净迁入人数",
    ),
    concept: bi("population return", "人口回流"),
    measure: bi("net in-migration", "人口净迁入率"),
    unit: bi("per thousand", "‰"),
  },
  iei: {
    role: "mechanism",
    label: bi("Innovation & entrepreneurship", "创新创业活跃度"),
    definition: bi(
      "Innovation and entrepreneurship index, 0–100 (in the style of Peking University's IRIEC)",
      "创新创业指数（0—100，参照北京大学中国区域创新创业指数）",
    ),
    concept: bi("innovation and entrepreneurship", "创新创业活跃度"),
    measure: bi("the innovation index", "创新创业指数"),
    unit: bi("points", "分"),
  },
  isu: {
    role: "mechanism",
    label: bi("Industrial upgrading", "产业结构升级"),
    definition: bi("Tertiary / secondary value added", "第三产业增加值 / 第二产业增加值"),
    concept: bi("industrial-structure upgrading", "产业结构升级"),
    measure: bi("the tertiary/secondary ratio", "第三、二产业增加值之比"),
  },
  share_sum: {
    role: "control",
    label: bi("Sum of base-year shares", "基期行业份额之和"),
    definition: bi(
      "Sum of 2006 employment shares of the robot-using (IFR) industries",
      "2006年使用机器人（IFR）行业的就业份额之和",
    ),
  },
  shrinking: {
    role: "group",
    label: bi("Shrinking city", "收缩型城市"),
    definition: bi(
      "1 if the resident population fell between 2000 and 2006 (before the sample)",
      "2000—2006年（样本期前）常住人口下降取1，否则取0",
    ),
    levels: { "0": bi("Non-shrinking", "非收缩型城市"), "1": bi("Shrinking", "收缩型城市") },
    groupPhrases: { "0": bi("non-shrinking cities", "非收缩型城市"), "1": bi("shrinking cities", "收缩型城市") },
  },
  hu_se: {
    role: "group",
    label: bi("South-east of the Hu line", "胡焕庸线东南侧"),
    definition: bi(
      "1 if the seat lies south-east of the great circle through Heihe and Tengchong",
      "城市政府驻地位于黑河—腾冲大圆（胡焕庸线）东南侧取1，否则取0",
    ),
    levels: { "0": bi("North-west of the Hu line", "胡焕庸线西北侧"), "1": bi("South-east of the Hu line", "胡焕庸线东南侧") },
    groupPhrases: { "0": bi("cities north-west of the Hu line", "胡焕庸线西北侧城市"), "1": bi("cities south-east of the Hu line", "胡焕庸线东南侧城市") },
  },
  peripheral: {
    role: "group",
    label: bi("Peripheral city", "外围城市"),
    definition: bi(
      "1 unless a municipality, provincial capital or separately planned city",
      "非直辖市、省会城市和计划单列市取1，否则取0",
    ),
    levels: { "0": bi("Central", "中心城市"), "1": bi("Peripheral", "外围城市") },
    groupPhrases: { "0": bi("central cities", "中心城市"), "1": bi("peripheral cities", "外围城市") },
  },
  resource: {
    role: "group",
    label: bi("Resource-based city", "资源型城市"),
    definition: bi(
      "1 if listed in the 2013 national plan of resource-based cities",
      "列入《全国资源型城市可持续发展规划（2013—2020年）》取1，否则取0",
    ),
    levels: { "0": bi("Non-resource-based", "非资源型城市"), "1": bi("Resource-based", "资源型城市") },
    groupPhrases: { "0": bi("non-resource-based cities", "非资源型城市"), "1": bi("resource-based cities", "资源型城市") },
  },
});
