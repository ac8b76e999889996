// Plausible staff names for the demo hospital (campuses in Changchun and Shenyang): pinyin surname + given name.
import { Rng } from './prng';

// Common surnames, roughly most frequent first; picked with a falling weight so Wang / Li / Zhang dominate.
const SURNAMES = `
  Wang Li Zhang Liu Chen Yang Zhao Huang Zhou Wu Xu Sun Hu Zhu Gao Lin He Guo Ma Luo Liang Song
  Zheng Xie Han Tang Feng Yu Dong Xiao Cheng Cao Yuan Deng Fu Shen Zeng Peng Lu Su Jiang Cai Jia
  Ding Wei Xue Ye Yan Pan Du Dai Xia Zhong Tian Ren Fan Fang Shi Yao Tan Liao Zou Xiong Jin Hao
  Kong Bai Cui Kang Mao Qiu Qin Shao Meng Long Duan Lei Qian Yin Chang Qiao Lai Gong Wen
`
  .trim()
  .split(/\s+/);
const SURNAME_WEIGHTS = SURNAMES.map((_, i) => 1 / (i + 4));

const GIVEN = `
  Wei Fang Min Jing Li Qiang Lei Jun Yang Yong Yan Jie Juan Tao Ming Chao Xiu Xia Ping Gang Gui
  Hua Hong Hui Bo Bin Lin Ling Dan Peng Fei Hao Kai Ning Rui Shan Ting Wen Xin Yu Yun Zhen Zhi
  Jian Feng Guo Hai Long Mei Na Qing Rong Shu Song Xue Ying Chun Dong Liang Lan Yue Qi Chen Tian
  Hui Jia Xiang Zhong Bao
`
  .trim()
  .split(/\s+/);

/** "Wang Xiuying", "Li Wei": a one- or two-syllable given name (two syllables are written as one word). */
export function personName(rng: Rng): string {
  const surname = SURNAMES[rng.weighted(SURNAME_WEIGHTS)];
  const first = rng.pick(GIVEN);
  if (rng.chance(0.35)) return `${surname} ${first}`;
  return `${surname} ${first}${rng.pick(GIVEN).toLowerCase()}`;
}
