/**
 * The Keras program equivalent to an experiment config, as the article wrote it, generated from the
 * config so the code beside the prose can never drift from what runs.
 */
import type { ExperimentConfig } from '@/lab/engine/config';

export function kerasSource(config: ExperimentConfig): string {
  const { data, layers } = config;
  // A deep net names its hidden activation ACT, as the article did; the output layer is always linear.
  const deep = layers.length > 2;
  const hidden = layers[0]?.activation ?? 'linear';
  const dense = layers.map((l, i) => {
    const act = deep && i < layers.length - 1 ? ', activation=ACT' : '';
    const shape = i === 0 ? ', input_shape=(1,)' : '';
    return `model.add(tf.keras.layers.Dense(${l.units}${act}${shape}))`;
  });
  const actLine = deep ? [`ACT = ${hidden === 'linear' ? 'None' : `'${hidden}'`}  # also try None or 'relu'`, ''] : [];
  return [
    'import numpy as np',
    'import tensorflow as tf',
    '',
    'class PrintWeightsCallback(tf.keras.callbacks.Callback):',
    '    def on_epoch_begin(self, epoch, logs=None):  # runs at the START of each epoch',
    '        print(f"layer1: {self.model.layers[1].weights[0].numpy()[:6, 0]}")',
    '',
    `x = np.linspace(${String(data.lo)}, ${String(data.hi)}, ${data.points}, dtype=np.float32)`,
    `noise = np.random.normal(0, ${String(data.noiseSd)}, x.shape).astype(np.float32)`,
    'y = x          # the target: give back n',
    'z = x + noise  # what the network sees',
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
