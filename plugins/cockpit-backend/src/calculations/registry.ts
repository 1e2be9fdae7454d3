import type { Calculation } from '@cockpit/plugin-cockpit-node';
import { builtInCalculations } from './index';

/** The calculations the plugin runs: the built-in ones and those modules add, each name once. */
export function createCalculationRegistry(): {
  calculations: Map<string, Calculation>;
  /** @throws Error when a calculation of that name is already registered */
  addCalculation(calculation: Calculation): void;
} {
  const calculations = new Map<string, Calculation>();
  const addCalculation = (calculation: Calculation) => {
    if (calculations.has(calculation.name)) {
      throw new Error(
        `A calculation named "${calculation.name}" is already registered`,
      );
    }
    calculations.set(calculation.name, calculation);
  };
  builtInCalculations.forEach(addCalculation);
  return { calculations, addCalculation };
}
