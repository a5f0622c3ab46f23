import type { APIRoute, GetStaticPaths } from "astro";
import { guides } from "../../../runners/guides/index.ts";
import {
  guideManifests,
  IMAGE_PLACEHOLDER,
  toYamlDocuments,
} from "../../../runners/targets/kubernetes/guide-manifests.ts";
import { shippedProfiles } from "../../lib/site-data.ts";

/** Every guide's Kubernetes manifests per shipped runtime profile, as downloadable YAML. */
export const getStaticPaths: GetStaticPaths = () => {
  const profiles = shippedProfiles();
  return guides.all().flatMap((guide) =>
    profiles.runtimes.map((profile) => ({
      params: { file: `${guide.id}-${profile.name}.yaml` },
      props: {
        yaml:
          `# ${guide.title} on ${profile.name}: replace ${IMAGE_PLACEHOLDER} with your image, then kubectl apply ` +
          `-f this file.\n` +
          `${toYamlDocuments(guideManifests(guide, profile, { image: IMAGE_PLACEHOLDER, campaign: "manual" }))}`,
      },
    })),
  );
};

export const GET: APIRoute = ({ props }) =>
  new Response((props as { yaml: string }).yaml, { headers: { "Content-Type": "application/yaml; charset=utf-8" } });
