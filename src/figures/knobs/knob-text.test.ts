import { describe, expect, it } from 'vitest';
import { describeSettings, inSentence, optionLabel, valueText } from './knob-text';

describe('a choice’s options in words', () => {
  it('names an option as the page’s language does', () => {
    expect(optionLabel('en', 'act', 'linear')).toBe('none (linear)');
    expect(optionLabel('zh-tw', 'act', 'linear')).toBe('無（線性）');
    expect(optionLabel('en', 'init', 'heUniform')).toBe('He uniform');
  });
});

describe('a slider’s value for a screen reader', () => {
  it('gives epochs and layers with their unit, in each language', () => {
    expect(valueText('en', 'epochs', 20)).toBe('20 epochs');
    expect(valueText('zh-tw', 'epochs', 20)).toBe('20 個 epoch');
    expect(valueText('en', 'depth', 4)).toBe('4 hidden layers');
    expect(valueText('zh-tw', 'depth', 4)).toBe('4 個隱藏層');
  });

  it('gives other settings as the bare number', () => {
    expect(valueText('en', 'lr', 0.05)).toBe('0.05');
    expect(valueText('zh-tw', 'noise', 0.1)).toBe('0.1');
  });
});

describe('the settings that differ, as a phrase', () => {
  it('names each changed setting in sentence case with its value, options by their names', () => {
    expect(describeSettings('en', { lr: 0.05, depth: 4, act: 'linear', seed: 7 }, { lr: 0.1, depth: 4, act: 'sigmoid', seed: 1 })).toBe(
      'learning rate 0.05, activation (ACT) none (linear), seed 7',
    );
  });

  it('joins them with the Chinese list mark and keeps labels as written', () => {
    expect(describeSettings('zh-tw', { lr: 0.05, act: 'relu' }, { lr: 0.1, act: 'sigmoid' })).toBe('學習率 0.05、啟動函數（ACT） ReLU');
  });

  it('counts a setting the reference lacks as changed, and writes a switch as true or false', () => {
    expect(describeSettings('en', { norm: true, epochs: 200 }, {})).toBe('normalise inputs true, epochs 200');
  });

  it('is empty when nothing changed', () => {
    expect(describeSettings('en', { lr: 0.1 }, { lr: 0.1 })).toBe('');
  });
});

describe('a control’s label inside a sentence', () => {
  it('starts with a small letter in English, keeping an acronym that leads it', () => {
    expect(inSentence('en', 'Learning rate')).toBe('learning rate');
    expect(inSentence('en', 'SGD momentum')).toBe('SGD momentum');
    expect(inSentence('en', 'a label, already small')).toBe('a label, already small');
    expect(inSentence('en', 'Use ACT')).toBe('use ACT');
    // Only a capital and a small letter at the start count, not later in the label.
    expect(inSentence('en', 'SGD Momentum')).toBe('SGD Momentum');
  });

  it('is left as written in Chinese, Latin words included', () => {
    expect(inSentence('zh-tw', 'Epoch 數')).toBe('Epoch 數');
    expect(describeSettings('zh-tw', { epochs: 200 }, {})).toBe('Epoch 數 200');
  });
});
