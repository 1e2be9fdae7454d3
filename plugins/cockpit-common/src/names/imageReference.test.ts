import { imageTag } from '.';

describe('imageTag', () => {
  it('gives the tag of an image reference, and nothing for none or for no reference', () => {
    expect(imageTag('nginx:1.27')).toBe('1.27');
    expect(
      imageTag(
        `123456789012.dkr.ecr.eu-west-1.amazonaws.com/a/b:2.0@sha256:${'a'.repeat(
          64,
        )}`,
      ),
    ).toBe('2.0');
    expect(imageTag('localhost:5000/app')).toBeUndefined();
    expect(imageTag(undefined)).toBeUndefined();
    expect(imageTag('Not An Image!')).toBeUndefined();
  });
});
