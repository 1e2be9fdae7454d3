import { Chip, makeStyles, Tooltip } from '@material-ui/core';
import type {
  FleetPackageOrigin,
  VulnerabilityOrigin,
} from '@cockpit/plugin-cockpit-common';

/** What an image's package is, in words: an OS package or a library baked into the image. */
const IMAGE_CLASS_LABEL = { os: 'OS package', library: 'library' } as const;

/** The label of an origin: `library`, or `OS package in image <ref>` (`+N` for more images). */
export function originLabel(
  origin: VulnerabilityOrigin | FleetPackageOrigin,
): string {
  if (origin.kind === 'library') return 'library';
  const images = 'images' in origin ? origin.images : [origin.image];
  const more = images.length > 1 ? ` +${images.length - 1}` : '';
  return `${IMAGE_CLASS_LABEL[origin.class]} in image ${
    images[0] ?? ''
  }${more}`;
}

// An image reference is long: the chip wraps it (at any character) rather than widening its
// column until the table's other columns are squeezed to a letter.
const useStyles = makeStyles({
  chip: { height: 'auto', maxWidth: '100%' },
  label: { whiteSpace: 'normal', overflowWrap: 'anywhere', padding: '2px 8px' },
});

/**
 * Where a vulnerable package comes from: a library version the deployment lists, or a package a
 * scanner found in one of its container images (every image in the tooltip).
 *
 * @example
 * <OriginChip origin={{ kind: 'image', image: 'docker.io/library/nginx:1.27', class: 'os' }} />
 */
export const OriginChip = (props: {
  origin: VulnerabilityOrigin | FleetPackageOrigin;
}) => {
  const { origin } = props;
  const classes = useStyles();
  const label = originLabel(origin);
  if (origin.kind === 'library')
    return (
      <Chip
        size="small"
        variant="outlined"
        label={label}
        data-origin="library"
      />
    );
  const images = 'images' in origin ? origin.images : [origin.image];
  return (
    <Tooltip title={images.join(', ')}>
      <Chip
        size="small"
        color="secondary"
        variant="outlined"
        label={label}
        classes={{ root: classes.chip, label: classes.label }}
        data-origin="image"
      />
    </Tooltip>
  );
};
