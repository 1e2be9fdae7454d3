import { names, parseName } from '.';

describe('parseName', () => {
  it('gives back the parts the builders joined', () => {
    const parts = {
      service: 'payment-service',
      environment: 'prod',
      instanceId: 'i-0abc',
    };
    expect(parseName.serviceDeployment(names.serviceDeployment(parts))).toEqual(
      {
        service: 'payment-service',
        environment: 'prod',
      },
    );
    expect(parseName.serviceInstance(names.serviceInstance(parts))).toEqual(
      parts,
    );
    expect(parseName.lambdaDeployment('resize/qa')).toEqual({
      functionName: 'resize',
      environment: 'qa',
    });
    expect(parseName.rdsInstance('prod/orders-db')).toEqual({
      environment: 'prod',
      dbInstanceIdentifier: 'orders-db',
    });
  });

  it('says undefined for a name of another form', () => {
    expect(parseName.serviceDeployment('payment-service')).toBeUndefined();
    expect(parseName.serviceDeployment('a/b/c')).toBeUndefined();
    expect(parseName.serviceDeployment('a/')).toBeUndefined();
    expect(parseName.serviceInstance('a/b')).toBeUndefined();
  });

  it('splits a dependency version into its package and version', () => {
    expect(
      parseName.softwareDependencyVersion('pkg:npm/%40babel/core@7.24.0'),
    ).toEqual({
      package: 'pkg:npm/%40babel/core',
      version: '7.24.0',
    });
    expect(
      parseName.softwareDependencyVersion('pkg:npm/express'),
    ).toBeUndefined();
    expect(parseName.softwareDependencyVersion('express@4')).toBeUndefined();
  });
});
