import type { ClientInstrument } from '@/lib/checkin/types';
import styles from './checkin.module.css';
import { RadioGroup } from './radio-group';
import { answerOptions, type ItemsStep, type SectionAnswers } from './wizard-model';

/**
 * One page of an instrument: its instructions and note, one radio group per item, and
 * the instrument's attribution under the items (the ProQOL licence asks for it wherever
 * the items are shown, so it is on every page).
 */
export function ItemStep({
  step,
  instrument,
  answers,
  onAnswer,
}: {
  step: ItemsStep;
  instrument: ClientInstrument;
  answers: SectionAnswers;
  onAnswer: (itemId: number, value: number | undefined) => void;
}) {
  const points = answerOptions(instrument);
  return (
    <div>
      {instrument.note ? (
        <div className="alert info">
          <p>
            <strong>About this check:</strong> {instrument.note}
          </p>
        </div>
      ) : null}
      {instrument.instructions ? <p className={styles.instructions}>{instrument.instructions}</p> : null}
      {step.items.map((item) => (
        <RadioGroup
          key={item.id}
          name={`${step.section}-${item.id}`}
          legend={
            <>
              <span className={styles.itemNumber}>{item.id}.</span> {item.text}
            </>
          }
          options={points}
          value={answers[String(item.id)]}
          onChange={(v) => onAnswer(item.id, v)}
          layout="horizontal"
          clearLabel={`for question ${item.id}`}
        />
      ))}
      {instrument.attribution ? <p className="attribution">{instrument.attribution}</p> : null}
    </div>
  );
}
