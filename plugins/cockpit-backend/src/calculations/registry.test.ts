import { z } from 'zod';
import { defineCalculation } from '@cockpit/plugin-cockpit-node';
import { builtInCalculations } from './index';
import { createCalculationRegistry } from './registry';

const calculation = (name: string) =>
  defineCalculation({
    name,
    description: name,
    params: z.strictObject({}),
    run: async () => ({}),
  });

describe('createCalculationRegistry', () => {
  it('starts with the built-in calculations and takes more', () => {
    const { calculations, addCalculation } = createCalculationRegistry();
    expect([...calculations.keys()]).toEqual(
      builtInCalculations.map(c => c.name),
    );
    addCalculation(calculation('module-calculation'));
    expect(calculations.get('module-calculation')?.name).toBe(
      'module-calculation',
    );
  });

  it('refuses a second calculation of the same name', () => {
    const { addCalculation } = createCalculationRegistry();
    addCalculation(calculation('twice'));
    expect(() => addCalculation(calculation('twice'))).toThrow(
      'A calculation named "twice" is already registered',
    );
    expect(() => addCalculation(calculation('service-overview'))).toThrow(
      'A calculation named "service-overview" is already registered',
    );
  });
});
