/**
 * The Keras program equivalent to an experiment config, as the article wrote it, generated from the
 * config so the code beside the prose can never drift from what runs.
 */
import type { ExperimentConfig } from '@/lab/engine/config';
import type { Locale } from '@/i18n/ui';

/** The listing's comments in the page's language (the source post's listing had Chinese ones). */
const COMMENTS: Record<Locale, { epochBegin: string; samples: string | null; noise: string | null; target: string; input: string; act: string }> = {
  en: {
    epochBegin: 'runs at the START of each epoch',
    samples: null,
    noise: null,
    target: 'the target: give back n',
    input: 'what the network sees',
    act: "also try None or 'relu'",
  },
  'zh-tw': {
    epochBegin: '在每個 epoch「開始」時執行',
    samples: '介於 [{lo}, {hi}] 之間的樣本',
    noise: 'noise 的標準差 {sd}，是樣本區間的 {pct}%',
    target: '目標：輸入 n 就輸出 n',
    input: '網路看到的輸入',
    act: "也可以試試 ACT = None 或 'relu'",
  },
};

const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? `{${k}}`);

export function kerasSource(config: ExperimentConfig, locale: Locale = 'en'): string {
  const { data, layers } = config;
  const say = COMMENTS[locale];
  // The noise as a share of the inputs' range, as the source's comment put it (0.05 of [0, 1] is 5 %).
  const pct = String(Number(((data.noiseSd / (data.hi - data.lo)) * 100).toPrecision(3)));
  const values = { lo: String(data.lo), hi: String(data.hi), sd: String(data.noiseSd), pct };
  const comment = (text: string | null) => (text === null ? '' : `  # ${fill(text, values)}`);
  // A deep net names its hidden activation ACT, as the article did; the output layer is always linear.
  const deep = layers.length > 2;
  const hidden = layers[0]?.activation ?? 'linear';
  const dense = layers.map((l, i) => {
    const act = deep && i < layers.length - 1 ? ', activation=ACT' : '';
    const shape = i === 0 ? ', input_shape=(1,)' : '';
    return `model.add(tf.keras.layers.Dense(${l.units}${act}${shape}))`;
  });
  const actLine = deep ? [`ACT = ${hidden === 'linear' ? 'None' : `'${hidden}'`}  # ${say.act}`, ''] : [];
  return [
    'import numpy as np',
    'import tensorflow as tf',
    '',
    'class PrintWeightsCallback(tf.keras.callbacks.Callback):',
    `    def on_epoch_begin(self, epoch, logs=None):  # ${say.epochBegin}`,
    '        print(f"layer1: {self.model.layers[1].weights[0].numpy()[:6, 0]}")',
    '',
    `x = np.linspace(${String(data.lo)}, ${String(data.hi)}, ${data.points}, dtype=np.float32)${comment(say.samples)}`,
    `noise = np.random.normal(0, ${String(data.noiseSd)}, x.shape).astype(np.float32)${comment(say.noise)}`,
    `y = x          # ${say.target}`,
    `z = x + noise  # ${say.input}`,
    '',
    `ds = tf.data.Dataset.from_tensor_slices((z, y)).shuffle(${data.points}).batch(${config.batchSize})`,
    '',
    ...actLine,
    'model = tf.keras.Sequential()',
    ...dense,
    'model.compile(loss=tf.keras.losses.mean_squared_error,',
    `              optimizer=tf.keras.optimizers.SGD(learning_rate=${String(config.learningRate)}))`,
    `model.fit(ds, epochs=${config.epochs}, callbacks=[PrintWeightsCallback()])`,
    '',
    `print(f'${config.predictInputs.map((v) => `${v}={model.predict([${v}])[0]}`).join(', ')}')`,
  ].join('\n');
}
