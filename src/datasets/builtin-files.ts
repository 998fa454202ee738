/**
 * The upstream files behind the built-in datasets: where each one is published and the sha256 of
 * its exact bytes. The hashes were computed from the copies in /work/shared/datasets, which are the
 * upstream files unchanged, so a download that matches is byte-identical to what OPRO evaluated.
 * Keys are paths inside the cache folder (same layout as /work/shared/datasets).
 */

export interface BuiltinFile {
  /** Path inside the cache folder, '/'-separated. */
  path: string;
  url: string;
  sha256: string;
  /** Size in bytes; used as the progress total when a server sends no Content-Length. */
  bytes: number;
}

const GSM8K_BASE = 'https://raw.githubusercontent.com/openai/grade-school-math/master/grade_school_math/data';
const BBH_BASE = 'https://raw.githubusercontent.com/suzgunmirac/BIG-Bench-Hard/main/bbh';
const AQUA_URL = 'https://raw.githubusercontent.com/google-deepmind/AQuA/master/test.json';
const MULTIARITH_URL =
  'https://raw.githubusercontent.com/google-deepmind/opro/main/data/MultiArith-data/MultiArith.json';

function file(path: string, url: string, sha256: string, bytes: number): BuiltinFile {
  return { path, url, sha256, bytes };
}

export const BUILTIN_FILES: ReadonlyMap<string, BuiltinFile> = new Map(
  [
    file('gsm8k/train.jsonl', `${GSM8K_BASE}/train.jsonl`, '17f347dc51477c50d4efb83959dbb7c56297aba886e5544ee2aaed3024813465', 4166206),
    file('gsm8k/test.jsonl', `${GSM8K_BASE}/test.jsonl`, '3730d312f6e3440559ace48831e51066acaca737f6eabec99bccb9e4b3c39d14', 749738),
    file('bbh/boolean_expressions.json', `${BBH_BASE}/boolean_expressions.json`, 'ea6c754ec005e2d3f2d085d349a740f593b5764f32ea4638ffed4cfc0061b12a', 17172),
    file('bbh/causal_judgement.json', `${BBH_BASE}/causal_judgement.json`, '6e8bca44dd402008ed41c07a3d0a1d5e7b03db7001a7e002fcdf4c60985ea081', 202943),
    file('bbh/date_understanding.json', `${BBH_BASE}/date_understanding.json`, '0148d4ac5fca05b2f82373e5fef7208e15363b9c6079493034d77b3dab496bf5', 61760),
    file('bbh/disambiguation_qa.json', `${BBH_BASE}/disambiguation_qa.json`, 'cf06df9ebf911b883671cb1b35d3fbd1a1c306b19b9e9a012407e596c85fe8c6', 85255),
    file('bbh/dyck_languages.json', `${BBH_BASE}/dyck_languages.json`, '3f9badedf15c2be1ce53d94fdf016299bb30ba231ef087ab9f51a7ed6d0bdc25', 43814),
    file('bbh/formal_fallacies.json', `${BBH_BASE}/formal_fallacies.json`, '4c1adb664821157faade1d4153685403afcc02648f3c180a608a18f17f589629', 145562),
    file('bbh/geometric_shapes.json', `${BBH_BASE}/geometric_shapes.json`, '07be68a124420caa2ebc0b2c858ad79fc55c5c8806170e496e1e17ebfb11f31c', 77242),
    file('bbh/hyperbaton.json', `${BBH_BASE}/hyperbaton.json`, 'b6d7f55c75f5d02f2987a4f3123802dfa093872089a56a334144aae8a7264fdc', 44706),
    file('bbh/logical_deduction_five_objects.json', `${BBH_BASE}/logical_deduction_five_objects.json`, 'd2df31394b903b7f0e085d42a69572a092987856eac076799017d70ef266fa8f', 155477),
    file('bbh/logical_deduction_seven_objects.json', `${BBH_BASE}/logical_deduction_seven_objects.json`, '2896c7e3482eea318dd37bcc370d24ec3cc91e8374c1784287b5dbd38a529e33', 198404),
    file('bbh/logical_deduction_three_objects.json', `${BBH_BASE}/logical_deduction_three_objects.json`, 'e590fae72e3a6041fbd23bd8ff6b74baf44ca563f6ba40a041c55e7b867c1681', 112213),
    file('bbh/movie_recommendation.json', `${BBH_BASE}/movie_recommendation.json`, 'a8b53a87ee21a865b7248e694f388a9b8f7cf6b839b11d44796a2dd3fc088983', 57684),
    file('bbh/multistep_arithmetic_two.json', `${BBH_BASE}/multistep_arithmetic_two.json`, 'c9d5a6433c9b78256422a15c78463949c8bec8d85607aa28b52d7234ad4a8595', 18325),
    file('bbh/navigate.json', `${BBH_BASE}/navigate.json`, 'b7944dfd3c81da5c4815bd75b00d6fa3c64140823498e78ed496f4c3d36f7f0d', 55163),
    file('bbh/object_counting.json', `${BBH_BASE}/object_counting.json`, '8acef14dbbdd40d2326ef7755750b6b5fe919fef06276af1bab3f1c297f022ff', 35890),
    file('bbh/penguins_in_a_table.json', `${BBH_BASE}/penguins_in_a_table.json`, 'bb87ee449698eee51215e025a453b1bcb2f5e6589c2063b2c79e68b8f0655228', 74516),
    file('bbh/reasoning_about_colored_objects.json', `${BBH_BASE}/reasoning_about_colored_objects.json`, '0a8850cf95166020fce7a78244026ceedd7ea839302471512b4f8744e85a6a49', 98694),
    file('bbh/ruin_names.json', `${BBH_BASE}/ruin_names.json`, 'b6f723aef2bafdd4c7bfc3c7e0329c7e8a8279391a609969c8ed76c9319f5f7f', 53178),
    file('bbh/salient_translation_error_detection.json', `${BBH_BASE}/salient_translation_error_detection.json`, 'becf3eb8dd53c821a555ecd5c1334ecd93eb25f980e63be963c518e7138de5da', 286443),
    file('bbh/snarks.json', `${BBH_BASE}/snarks.json`, '54a0661fe2de06167645a4965e6bcf963c4ba307e76262a7c750998b0e3d0d0e', 42646),
    file('bbh/sports_understanding.json', `${BBH_BASE}/sports_understanding.json`, '63ca262858f6176864515cd8cf53cdaa40839ebecc155b726d77930855d167bf', 28617),
    file('bbh/temporal_sequences.json', `${BBH_BASE}/temporal_sequences.json`, '92a1189faaa84aacc4c405aaa13f13f48c2992eb884772eedb622505252baef5', 148176),
    file('bbh/tracking_shuffled_objects_five_objects.json', `${BBH_BASE}/tracking_shuffled_objects_five_objects.json`, '2063a46a4fb484236ed4310523606543a3e1dd4a4dc34eda65d407910ece25a5', 169722),
    file('bbh/tracking_shuffled_objects_seven_objects.json', `${BBH_BASE}/tracking_shuffled_objects_seven_objects.json`, 'b59fd05b850c37cf57cb514ae1e6975c00b1638ade2291722056b2af3c54084d', 214906),
    file('bbh/tracking_shuffled_objects_three_objects.json', `${BBH_BASE}/tracking_shuffled_objects_three_objects.json`, '546cc7bf10c6a01a6a4c17ae28a4966485f21f29fd5d111f37858ec78e354f6b', 128736),
    file('bbh/web_of_lies.json', `${BBH_BASE}/web_of_lies.json`, '3e60323f8514a107fdb4edf35f8832a9171c5a09c0eaa47823559de905e8ab8b', 52964),
    file('bbh/word_sorting.json', `${BBH_BASE}/word_sorting.json`, '2a6132d2c99f00d0d2eb1113ac6b4a918bd969d863c48749210d969713db8d43', 66300),
    file('aqua/test.json', AQUA_URL, 'de41581881ef95c5588c44ddc701c77fd480839241dd422a0d181262af24520c', 130192),
    file('multiarith/MultiArith.json', MULTIARITH_URL, '0a796e76cfcd65b06e8934cca6c11287b31a26cff89821d07a6f3763dc2e6dbb', 254011),
  ].map((entry) => [entry.path, entry] as const),
);
