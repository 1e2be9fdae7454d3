import {
  InvalidNameError,
  names,
  parents,
  parseImageReference,
  parsePackageUrl,
} from '.';

describe('names', () => {
  it('builds the contract names of services, deployments and instances', () => {
    const parts = {
      service: 'payment-service',
      environment: 'prod',
      instanceId: 'i-0abc',
    };
    expect(names.service(parts)).toBe('payment-service');
    expect(names.serviceDeployment(parts)).toBe('payment-service/prod');
    expect(names.serviceInstance(parts)).toBe('payment-service/prod/i-0abc');
    expect(parents.serviceInstance(parts)).toEqual({
      type: 'ServiceDeployment',
      name: 'payment-service/prod',
    });
  });

  it('builds lambda and RDS names', () => {
    expect(names.lambda({ functionName: 'resize' })).toBe('resize');
    expect(
      names.lambdaDeployment({ functionName: 'resize', environment: 'qa' }),
    ).toBe('resize/qa');
    expect(
      names.rdsInstance({
        environment: 'prod',
        dbInstanceIdentifier: 'orders-db',
      }),
    ).toBe('prod/orders-db');
  });

  it('refuses a segment with the separator, naming the part', () => {
    expect(() =>
      names.serviceDeployment({ service: 'a/b', environment: 'prod' }),
    ).toThrow(new InvalidNameError('service "a/b" must not contain "/"'));
    expect(() =>
      names.serviceInstance({
        service: 'a',
        environment: 'prod',
        instanceId: '',
      }),
    ).toThrow(/instanceId/);
  });

  it('builds package URLs for dependencies, with and without version', () => {
    const log4j = {
      type: 'maven',
      namespace: 'org.apache.logging.log4j',
      name: 'log4j-core',
      version: '2.14.1',
    };
    expect(names.softwareDependency(log4j)).toBe(
      'pkg:maven/org.apache.logging.log4j/log4j-core',
    );
    expect(names.softwareDependencyVersion(log4j)).toBe(
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    );
    expect(
      names.softwareDependencyVersion({
        purl: 'pkg:npm/%40babel/core@7.1.0?arch=x',
      }),
    ).toBe('pkg:npm/%40babel/core@7.1.0');
    expect(
      parents.softwareDependencyVersion({ purl: 'pkg:npm/express@4.18.2' }),
    ).toEqual({
      type: 'SoftwareDependency',
      name: 'pkg:npm/express',
    });
  });

  it('refuses a version name without a version and text that is no package URL', () => {
    expect(() =>
      names.softwareDependencyVersion({ purl: 'pkg:npm/express' }),
    ).toThrow(/needs a version/);
    expect(() => parsePackageUrl('express@4')).toThrow(/is not a package URL/);
  });
});

describe('names.containerImage', () => {
  it('names a container image by its normalised reference, the tag winning over a digest', () => {
    const digest =
      'sha256:4c5f5f3b0d3a1e7c9a8b6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a';
    expect(names.containerImage({ image: 'nginx:1.27' })).toBe(
      'docker.io/library/nginx:1.27',
    );
    expect(names.containerImage({ image: 'grafana/grafana' })).toBe(
      'docker.io/grafana/grafana:latest',
    );
    expect(
      names.containerImage({
        image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/payment-service:1.4.2@${digest}`,
      }),
    ).toBe(
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payment-service:1.4.2',
    );
    expect(
      names.containerImage({ image: `localhost:5000/team/api@${digest}` }),
    ).toBe(`localhost:5000/team/api@${digest}`);
    expect(parseImageReference('ghcr.io/acme/orders:2.0.0')).toEqual({
      registry: 'ghcr.io',
      repository: 'acme/orders',
      tag: '2.0.0',
    });
  });

  it('refuses an image reference with an invalid repository, tag or digest, naming it', () => {
    expect(() => names.containerImage({ image: 'Payment/Service:1' })).toThrow(
      /invalid repository "Payment\/Service"/,
    );
    expect(() => names.containerImage({ image: 'nginx:' })).toThrow(
      /invalid tag ""/,
    );
    expect(() => names.containerImage({ image: 'nginx@sha256:xyz' })).toThrow(
      /invalid digest "sha256:xyz"/,
    );
    expect(() => names.containerImage({ image: ' nginx' })).toThrow(
      InvalidNameError,
    );
  });
});
